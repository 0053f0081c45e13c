from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_catalog_parses_and_holds_the_interface_strings(language):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)

    ids = {message.id if isinstance(message.id, str) else message.id[0] for message in catalog}
    assert {"Skip to content", "Sign in", "Time zone", "Directory", "Events"} <= ids
    # Notices are translated when sent, in the recipient's language: their texts are
    # marked with gettext_noop, which makemessages must see.
    assert {"Cancelled: %(title)s", "New time: %(title)s"} <= ids


def test_catalog_placeholders_are_named():
    # gettext with positional %s cannot be reordered by translators.
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle, locale="en")

    positional = [
        message.id
        for message in catalog
        if message.id and any("%s" in part or "%d" in part for part in _parts(message.id))
    ]
    assert positional == []


def _parts(message_id):
    return [message_id] if isinstance(message_id, str) else list(message_id)
