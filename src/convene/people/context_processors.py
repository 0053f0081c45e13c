"""What every page's frame shows from the people app: the signed-in person's unread notices."""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from convene.core.types import Actor
from convene.people.queries import notices_unread_count


def notices(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """`unread_notices`, counted only if a template asks for it (templates call callables)."""
    user: Actor = getattr(request, "user", None) or AnonymousUser()
    cache: list[int] = []

    def unread() -> int:
        if not cache:
            cache.append(notices_unread_count(user=user))
        return cache[0]

    return {"unread_notices": unread}
