"""Small fixed-window rate limits on Django's cache (locmem, or Redis when REDIS_URL).

Limits come from `settings.QA_RATE_LIMITS`: {"<action>": (count, window_seconds)}, each
applied per person and per address separately. Unset actions use DEFAULT_LIMITS.
"""

from django.conf import settings
from django.core.cache import cache

from convene.core.clock import now

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "ask": (10, 60),  # ten questions a minute per person, and per address
    "vote": (120, 60),
    "similar": (120, 60),
}


def limit_for(action: str) -> tuple[int, int]:
    configured: dict[str, tuple[int, int]] = getattr(settings, "QA_RATE_LIMITS", {})
    return configured.get(action, DEFAULT_LIMITS.get(action, (60, 60)))


def hit(action: str, *, keys: list[str]) -> int:
    """Count one `action` for each of `keys` ("user:12", "ip:10.0.0.1"); returns the
    number of seconds to wait when one of them is over its limit, else 0."""
    count, window = limit_for(action)
    if count <= 0:
        return 0
    stamp = int(now().timestamp())
    bucket = stamp // window
    wait = 0
    for key in keys:
        name = f"qa-rate:{action}:{key}:{bucket}"
        # add() is atomic on every backend; incr() too (Redis INCR; locmem under a lock).
        cache.add(name, 0, timeout=window + 1)
        try:
            used = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, timeout=window + 1)
            used = 1
        if used > count:
            wait = max(wait, window - stamp % window)
    return wait
