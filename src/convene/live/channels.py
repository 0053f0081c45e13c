"""Channel names, which of them are public, and the signed tokens that open private ones."""

from __future__ import annotations

import re
import time
from functools import lru_cache

from django.conf import settings
from django.core import signing

SALT = "convene.live"
CHANNEL_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}(/[a-z0-9][a-z0-9_-]{0,63}){0,7}$")
DEFAULT_PUBLIC = (r"events/\d+",)


def check_channel(channel: str) -> str:
    """Returns the channel, or raises ValueError for a malformed name."""
    if not CHANNEL_RE.match(channel):
        raise ValueError(f"not a live channel name: {channel!r}")
    return channel


@lru_cache(maxsize=16)
def _public_re(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def is_public(channel: str) -> bool:
    """Public channels (settings.LIVE_PUBLIC_CHANNELS) need no token; all others do."""
    patterns = tuple(getattr(settings, "LIVE_PUBLIC_CHANNELS", DEFAULT_PUBLIC))
    return bool(patterns) and _public_re(patterns).fullmatch(channel) is not None


def sign_channel(channel: str, *, max_age_s: int) -> str:
    """A token that opens `channel` for `max_age_s` seconds (embed it in the page)."""
    check_channel(channel)
    return signing.dumps({"c": channel, "e": int(time.time()) + max_age_s}, salt=SALT)


def token_opens(token: str, channel: str) -> bool:
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return False
    return (
        isinstance(payload, dict)
        and payload.get("c") == channel
        and isinstance(payload.get("e"), int)
        and payload["e"] > time.time()
    )
