"""What events adds to the directory's pages (convene.core.panels): a hub's resources (and
its timeline entries') on its page, each timeline entry's resources on the timeline."""

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from convene.directory.models import Kind, Organisation
from convene.events import queries


def hub_resources(request: HttpRequest, subject: object) -> SafeString:
    """At most four queries, however many resources; nothing for an organisation that is
    not a hub, nor for a hub without resources that the reader may not add to."""
    if not isinstance(subject, Organisation) or subject.kind != Kind.HUB:
        return SafeString("")
    can_change = queries.may_change_resources(request.user, hub=subject)
    found = queries.resources_of_hub(hub=subject, with_empty_entries=can_change)
    if not (found.own or can_change or any(groups for _, groups in found.entries)):
        return SafeString("")
    return render_to_string(
        "events/_panel_hub_resources.html",
        {"hub": subject, "found": found, "can_change": can_change},
        request=request,
    )


def timeline_entry_resources(request: HttpRequest, entries: Sequence[object]) -> list[SafeString]:
    """Two queries for the whole page of entries; the same for every reader (the timeline
    is cached for all), so no links to change them here: those are on the hub's page."""
    ids = [getattr(entry, "stage_change_id", None) for entry in entries]
    by_entry = queries.resources_for_stage_changes([pk for pk in ids if pk is not None])
    return [
        render_to_string(
            "events/_panel_timeline_entry.html", {"groups": by_entry[pk]}, request=request
        )
        if pk in by_entry
        else SafeString("")
        for pk in ids
    ]
