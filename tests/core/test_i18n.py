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


# Every shipped interface language: a complete catalog, nothing fuzzy, the placeholders
# of the source, the plural forms CLDR gives the language. Catalogs still being
# translated (settings.LANGUAGES_IN_PROGRESS) are held to the last two only.
ALL_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
SHIPPED = [code for code in ALL_LANGUAGES if code not in settings.LANGUAGES_IN_PROGRESS]


def _catalog(language):
    from django.utils.translation import to_locale

    path = LOCALE_DIR / to_locale(language) / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return path, read_po(handle, locale=to_locale(language))


@pytest.mark.parametrize("language", SHIPPED)
def test_shipped_catalog_is_complete(language):
    from convene.core.i18n import catalog_state

    state = catalog_state(language)

    assert state.total > 1000
    assert (state.translated, state.fuzzy) == (state.total, 0), (
        f"{language}: {state.total - state.translated} untranslated, {state.fuzzy} fuzzy "
        "(make messages, then translate; docs/translation.md)"
    )


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_catalog_placeholders_and_plurals_match_the_source(language):
    path, catalog = _catalog(language)
    # gettext's forms: Arabic six (zero, one, two, few, many, other), Chinese and
    # Japanese one, the others two.
    expected_plurals = {"ar": 6, "zh-hans": 1, "ja": 1}.get(language, 2)

    problems = [
        f"{path.name}:{message.lineno} {message.id!r}: {error}"
        for message, errors in catalog.check()
        for error in errors
    ]
    assert catalog.num_plurals == expected_plurals, f"{language}: Plural-Forms header"
    assert problems == []


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_msgfmt_accepts_the_catalog(language, tmp_path):
    import shutil
    import subprocess

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed; the Babel checks above still ran")
    path, _catalog_unused = _catalog(language)

    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "django.mo"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_a_catalog_in_progress_is_neither_offered_nor_taken_from_the_browser(client, settings):
    from convene.core.i18n import offered_languages

    settings.LANGUAGES_IN_PROGRESS = ["ar"]
    settings.LANGUAGE_OFFER_MIN = 1.01  # nothing in progress is complete enough

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    offered = offered_languages()

    assert "ar" not in offered
    assert "en" in offered
    assert response.content.decode().startswith("<!doctype html>")
    assert '<html lang="en" dir="ltr">' in response.content.decode()
    assert 'value="ar"' not in response.content.decode()


@pytest.mark.django_db
def test_a_shipped_right_to_left_language_is_laid_out_right_to_left(client, settings):
    settings.LANGUAGES_IN_PROGRESS = []

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")

    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert 'lang="ar" dir="rtl">العربية</option>' in page


def test_arabic_has_its_six_plural_forms_through_ngettext():
    from django.utils import translation

    with translation.override("ar"):
        forms = [
            translation.ngettext("%(votes)s vote", "%(votes)s votes", n) % {"votes": n}
            for n in (0, 1, 2, 3, 11, 100)
        ]

    assert len(set(forms)) == 6
    assert forms[1] == "صوت واحد (1)"
    assert forms[3] == "3 أصوات"
    assert forms[4] == "11 صوتًا"


@pytest.mark.django_db
def test_user_text_keeps_its_own_direction_in_an_arabic_page(client):
    from tests.factories import EventFactory

    event = EventFactory(title="Regional conversation: Movement Charter — Asia-Pacific")

    page = client.get(f"/events/{event.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert '<html lang="ar" dir="rtl">' in page
    assert (
        '<h1 id="event-title" dir="auto">Regional conversation: Movement Charter — Asia-Pacific'
        in page
    )
