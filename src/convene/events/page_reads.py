"""What an event's page reads beside the event, with an empty answer remembered: most
events have no comments and no resources, and asking again costs a query each visit.

"None" is kept under the generation of the comments (or resources), which their services
bump on every write, so the first comment or resource shows at once. A non-empty answer
is read each time (it names people, whose names change elsewhere)."""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from convene.core.generations import LOCAL_TTL_S, generation
from convene.core.types import Actor
from convene.events import queries
from convene.events.models import Comment, Event

COMMENTS = "events.comments"
RESOURCES = "events.resources"
T = TypeVar("T")


def _unless_known_empty(name: str, event: Event, read: Callable[[], list[T]]) -> list[T]:
    """read(), or [] without a query while `event` is known to have none of `name`."""
    key = f"events:none:{name}:{event.pk}:{generation(name)}"
    if cache.get(key):
        return []
    rows = read()
    if not rows:
        cache.set(key, "none", LOCAL_TTL_S)
    return rows


def event_comments(*, event: Event, viewer: Actor | None, moderator: bool) -> list[Comment]:
    """`queries.comments_for`, without a query while the event is known to have none."""
    return _unless_known_empty(
        COMMENTS,
        event,
        lambda: queries.comments_for(event=event, viewer=viewer, moderator=moderator),
    )


def event_resources(*, event: Event) -> list[queries.ResourceGroup]:
    """`queries.resources_for(event=…)`, without a query while it is known to have none."""
    return _unless_known_empty(RESOURCES, event, lambda: queries.resources_for(event=event))
