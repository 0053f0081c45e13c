"""The board's live channels, on top of the `live` service.

`events/<id>` carries what every participant may see; `events/<id>/moderation` also
carries questions waiting for approval (its stream URL is signed: moderators only). A
series pool publishes to the channels of every edition. Publishing happens after the
commit, so a rolled-back change is never announced; a broker that is away is logged and
never fails the write (the page's reload shows the same).
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from convene import live as live_service

logger = logging.getLogger(__name__)

MODERATION_MAX_AGE_S = 12 * 3600


def public_channel(event_id: int) -> str:
    return f"events/{event_id}"


def moderation_channel(event_id: int) -> str:
    return f"events/{event_id}/moderation"


def cursor(event_id: int, *, moderation: bool = False) -> str:
    """The newest event id of the board's channel ("" when the broker cannot tell): the
    stream resumes after it, so nothing between snapshot and connection is missed."""
    channel = moderation_channel(event_id) if moderation else public_channel(event_id)
    try:
        return str(getattr(live_service, "cursor", _no_cursor)(channel) or "")
    except Exception:  # the broker being away must not break the board page
        logger.exception("live: no cursor for %s", channel)
        return ""


def stream_url(event_id: int, *, last_event_id: str = "", moderation: bool = False) -> str:
    """The path a page's EventSource opens (signed for the moderation channel)."""
    channel = moderation_channel(event_id) if moderation else public_channel(event_id)
    stream_path = getattr(live_service, "stream_path", None)
    if stream_path is None:  # the live service is not installed: no stream to open
        return ""
    return str(stream_path(channel, last_event_id=last_event_id, max_age_s=MODERATION_MAX_AGE_S))


def _no_cursor(channel: str) -> str:
    return ""


def _send(channel: str, kind: str, data: dict[str, Any]) -> None:
    publish = getattr(live_service, "publish", None)
    if publish is None:
        return
    try:
        publish(channel, kind, data)
    except Exception:  # the broker being away must not fail the write that happened
        logger.exception("live: could not publish %s on %s", kind, channel)


def announce(
    event_ids: Iterable[int],
    kind: str,
    data: dict[str, Any],
    *,
    public_data: dict[str, Any] | bool | None = True,
) -> None:
    """After the current transaction commits, send `kind` with `data` to the moderation
    channels of `event_ids`, and to their public channels `public_data` (True: the same
    data; None/False: nothing, e.g. for a question waiting for approval)."""
    ids = list(event_ids)
    public = data if public_data is True else (public_data or None)

    def send() -> None:
        for event_id in ids:
            if public is not None:
                _send(public_channel(event_id), kind, public)
            _send(moderation_channel(event_id), kind, data)

    transaction.on_commit(send)
