"""The timeline: founding, recognition and stage changes of collaboratives and hubs."""

import datetime as dt
from dataclasses import dataclass

from convene.directory.models import (
    Kind,
    Organisation,
    Stage,
    StageChange,
    Status,
)


@dataclass
class TimelineEntry:
    date: dt.date
    organisation_name: str
    organisation_slug: str
    kind: str
    what: str  # "founded", "recognised", "stage"
    from_stage: str = ""
    to_stage: str = ""
    note: str = ""
    stage_change_id: int | None = None  # what other apps (resources) hang on the entry

    @property
    def from_label(self) -> str:
        return str(Stage(self.from_stage).label) if self.from_stage else ""

    @property
    def to_label(self) -> str:
        return str(Stage(self.to_stage).label) if self.to_stage else ""


def timeline() -> list[TimelineEntry]:
    """Founding, recognition and stage changes of collaboratives and hubs, oldest first."""
    kinds = (Kind.REGIONAL_COLLABORATIVE, Kind.HUB)
    entries: list[TimelineEntry] = []
    for name, short, slug, kind, founded, recognised in Organisation.objects.filter(
        status=Status.ACTIVE, kind__in=kinds
    ).values_list("name", "short_name", "slug", "kind", "founded_on", "recognised_on"):
        if founded:
            entries.append(TimelineEntry(founded, short or name, slug, kind, "founded"))
        if recognised:
            entries.append(TimelineEntry(recognised, short or name, slug, kind, "recognised"))
    for (
        change_id,
        changed_on,
        from_stage,
        to_stage,
        note,
        name,
        short,
        slug,
        kind,
    ) in StageChange.objects.filter(
        organisation__status=Status.ACTIVE, organisation__kind__in=kinds
    ).values_list(
        "id",
        "changed_on",
        "from_stage",
        "to_stage",
        "note",
        "organisation__name",
        "organisation__short_name",
        "organisation__slug",
        "organisation__kind",
    ):
        entries.append(
            TimelineEntry(
                changed_on,
                short or name,
                slug,
                kind,
                "stage",
                from_stage,
                to_stage,
                note,
                stage_change_id=change_id,
            )
        )
    order = {"founded": 0, "stage": 1, "recognised": 2}
    entries.sort(key=lambda e: (e.date, e.organisation_name, order[e.what]))
    return entries
