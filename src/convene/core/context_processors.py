from typing import Any

from django.conf import settings
from django.http import HttpRequest

from convene.core.i18n import picker_choices
from convene.core.timezones import UTC, utc_offset_label


def reader(request: HttpRequest) -> dict[str, Any]:
    """What the base template says about the reader's zone."""
    zone = getattr(request, "reader_tz", UTC)
    return {
        "reader_tz": zone,
        "reader_tz_name": zone.key,
        "reader_tz_offset": utc_offset_label(zone),
        "reader_tz_source": getattr(request, "reader_tz_source", "default"),
        "reader_tz_error": getattr(request, "reader_tz_error", ""),
        "wikimedia_login_enabled": bool(
            settings.WIKIMEDIA_OAUTH_KEY and settings.WIKIMEDIA_OAUTH_SECRET
        ),
    }


def languages(request: HttpRequest) -> dict[str, Any]:
    """The languages the footer's picker offers (complete catalogs, see core.i18n): the
    function, which a template calls only when it writes the picker (the frame keeps the
    footer rendered, core/frame.py)."""
    return {"offered_languages": picker_choices}
