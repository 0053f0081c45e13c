"""What an event's page reads beside the event, with an empty answer remembered: most
events have no comments and no resources, and asking again costs a query each visit.

"None" is kept under the generation of the comments (or resources), which their services
bump on every write, so the first comment or resource shows at once. A non-empty answer
is read each time (it names people, whose names change elsewhere)."""

from django.core.cache import cache

from convene.core.generations import LOCAL_TTL_S, generation
from convene.core.types import Actor
from convene.events import queries
from convene.events.models import Comment, Event

COMMENTS = "events.comments"
RESOURCES = "events.resources"


def _none_key(name: str, event: Event) -> str:
    return f"events:none:{name}:{event.pk}:{generation(name)}"


def event_comments(*, event: Event, viewer: Actor | None, moderator: bool) -> list[Comment]:
    """`queries.comments_for`, without a query while the event is known to have none."""
    key = _none_key(COMMENTS, event)
    if cache.get(key):
        return []
    rows = queries.comments_for(event=event, viewer=viewer, moderator=moderator)
    if not rows:
        cache.set(key, "none", LOCAL_TTL_S)
    return rows


def event_resources(*, event: Event) -> list[queries.ResourceGroup]:
    """`queries.resources_for(event=…)`, without a query while it is known to have none."""
    key = _none_key(RESOURCES, event)
    if cache.get(key):
        return []
    groups = queries.resources_for(event=event)
    if not groups:
        cache.set(key, "none", LOCAL_TTL_S)
    return groups
