"""The events list's page of cards, cached: the cards and the paginator's count are the
same for every reader of a language in a zone, until an event changes (the events'
generation, which its services bump), the directory does (organisers' and languages'
names: its version), or the minute does (what is upcoming, what is held). The reader's
own registration tags are added outside the cache, read in one query for the page."""

import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.safestring import SafeString

from convene.core.actors import signed_in
from convene.core.clock import now
from convene.core.fragments import cached_value
from convene.core.generations import generation
from convene.core.types import Actor
from convene.directory.queries import directory_version
from convene.events import queries
from convene.events.cards import CardParts, cards_with_tags, event_card_parts, registration_tag
from convene.events.generations import RECORDS_GENERATION
from convene.events.models import Event, Registration, RegistrationStatus


@dataclass(frozen=True)
class CardPaginator:
    count: int
    num_pages: int


@dataclass(frozen=True)
class CardPage:
    """What the list's template reads of Django's `Page`, without its rows."""

    number: int
    paginator: CardPaginator
    cards: tuple[CardParts, ...]

    def __len__(self) -> int:
        return len(self.cards)

    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def card_page(
    *,
    filters: queries.EventFilters,
    page: str | None,
    zone: zoneinfo.ZoneInfo,
    size: int,
    versions: str = "",
) -> CardPage:
    """The page `page` (as asked: Paginator.get_page's rules) of the events matching
    `filters`, cached (see the module's docstring). `versions` names the events' generation
    and the directory's version when the caller has read them (the filter form's
    `choices_key`): else they are read."""

    def build() -> CardPage:
        rows = queries.events_cards(viewer=None, filters=filters)
        found = Paginator(rows, size).get_page(page)
        return CardPage(
            number=found.number,
            paginator=CardPaginator(
                count=found.paginator.count, num_pages=found.paginator.num_pages
            ),
            cards=tuple(event_card_parts(found.object_list, zone=zone)),
        )

    minute = now().replace(second=0, microsecond=0)
    versions = versions or f"{generation('events')}:{directory_version()}"
    parts = [filters, repr(page), zone.key, minute, versions]
    return cached_value("events-list-cards", parts, build)


def viewer_registrations_by_event(
    *, viewer: Actor | None, event_ids: Iterable[int]
) -> dict[int, Registration]:
    """The viewer's registrations (not cancelled) for the events named, by event id: one
    query (none for an anonymous reader or no events)."""
    ids = list(event_ids)
    if not signed_in(viewer) or not ids:
        return {}
    rows = Registration.objects.filter(user=viewer, event_id__in=ids).exclude(
        status=RegistrationStatus.CANCELLED
    )
    return {row.event_id: row for row in rows.only("id", "event_id", "status")}


def recent_with_notes_ids(*, limit: int) -> tuple[int, ...]:
    """The ids of `queries.events_recent_with_notes`, in order; cached under the events'
    generation, the records' (`RECORDS_GENERATION`, which qa and notes bump when
    they write answers or notes) and the minute (a session becomes past)."""
    minute = now().replace(second=0, microsecond=0)
    parts = [limit, minute, generation("events"), generation(RECORDS_GENERATION)]

    def read() -> tuple[int, ...]:
        rows = queries.events_recent_with_notes(viewer=None, limit=limit)
        return tuple(rows.prefetch_related(None).values_list("pk", flat=True))

    # A tuple, empty or not: cached_value keeps everything but None.
    return cached_value("events-home-recent-ids", parts, read)


def registration_tags(*, viewer: Actor | None, event_ids: Iterable[int]) -> dict[int, str]:
    """The viewer's registration tags for the cards of the events named, by event id."""
    registrations = viewer_registrations_by_event(viewer=viewer, event_ids=event_ids)
    return {pk: registration_tag(row) for pk, row in registrations.items()}


def cards_html(found: CardPage, *, viewer: Actor | None) -> SafeString:
    """The page's cards with the viewer's registration tags."""
    tags = registration_tags(viewer=viewer, event_ids=[pk for pk, _head, _tail in found.cards])
    return cards_with_tags(found.cards, tags)


def cached_cards(
    name: str,
    parts: list[object],
    rows: Callable[[], Iterable[Event]],
    *,
    zone: zoneinfo.ZoneInfo,
    versions: str = "",
) -> tuple[CardParts, ...]:
    """The cards of `rows()` (read with `viewer=None`), cached under `name` and `parts`
    (what chose the rows), the zone, the minute and the versions (see the module's
    docstring)."""
    minute = now().replace(second=0, microsecond=0)
    versions = versions or f"{generation('events')}:{directory_version()}"
    return cached_value(
        name,
        [*parts, zone.key, minute, versions],
        lambda: tuple(event_card_parts(rows(), zone=zone)),
    )
