"""A version published from a wiki page and a talk page imported from the wiki, through
the shared wiki client, against a real MediaWiki (tests/mediawiki.py)."""

import itertools
from typing import Any

import pytest

from convene.consultations.models import Feedback, Version
from convene.wiki.client import connect
from tests.consultations.test_api import client_for, post
from tests.mediawiki import RealWiki

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)

CHAPTER = """== Roles and responsibilities ==

The movement is made of many groups.

Affiliates organise communities in their regions and languages.
"""

TALK = """== Draft 1 ==
Hubs should be named here. [[User:Asha|Asha]] 09:15, 25 November 2030 (UTC)
:Agreed, and non-affiliated groups too. [[User:Bilal|Bilal]] 10:02, 25 November 2030 (UTC)
"""


@pytest.fixture
def wiki(mediawiki: RealWiki, settings: Any) -> tuple[RealWiki, str]:
    """The test wiki as the site's wiki, with a chapter page and its talk page on it."""
    config = mediawiki.config()
    settings.WIKI_HOST, settings.WIKI_PATH, settings.WIKI_SCHEME = config.host, "/", "http"
    settings.WIKI_MAX_RETRIES, settings.WIKI_RETRY_TIMEOUT = 0, 0
    settings.WIKI_BOT_USER, settings.WIKI_BOT_PASSWORD = mediawiki.bot.user, mediawiki.bot.password
    title = f"Charter/Roles {next(_numbers)}"
    session = connect(config, mediawiki.bot)
    session.write_page(title, CHAPTER, summary="chapter", baserevid=None)
    session.write_page(f"Talk:{title}", TALK, summary="talk", baserevid=None)
    return mediawiki, title


def test_a_version_is_published_from_a_wiki_page(
    setting: dict[str, Any], wiki: tuple[RealWiki, str]
) -> None:
    mediawiki, title = wiki

    response = post(
        client_for(setting["drafter"]),
        "/api/chapters/roles/versions/from-wiki",
        {"label": "Draft 1", "page": title},
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert [p["text"] for p in body["paragraphs"]] == [
        "== Roles and responsibilities ==",
        "The movement is made of many groups.",
        "Affiliates organise communities in their regions and languages.",
    ]
    version = Version.objects.get(number=body["number"])
    assert version.format == "wikitext"
    assert version.source.startswith(f"http://{mediawiki.host}/index.php?oldid=")


def test_a_talk_page_is_imported_from_the_wiki_and_again_adds_nothing(
    setting: dict[str, Any], published: Version, wiki: tuple[RealWiki, str]
) -> None:
    _mediawiki, title = wiki
    client = client_for(setting["ambassador"])

    first = post(client, "/api/chapters/roles/imports/from-wiki", {"page": title})
    again = post(client, "/api/chapters/roles/imports/from-wiki", {"page": f"Talk:{title}"})

    assert first.status_code == 201, first.json()
    assert first.json()["created"] == 2
    assert again.json()["created"] == 0
    items = Feedback.objects.order_by("given_at")
    assert [(i.on_behalf_name, i.channel) for i in items] == [
        ("Asha", "talk_page"),
        ("Bilal", "talk_page"),
    ]
    assert items[0].text == "Hubs should be named here."


def test_a_page_the_wiki_does_not_have_is_a_404_on_the_field(
    setting: dict[str, Any], wiki: tuple[RealWiki, str]
) -> None:
    response = post(
        client_for(setting["drafter"]),
        "/api/chapters/roles/versions/from-wiki",
        {"label": "Draft 1", "page": "No such page 123"},
    )

    assert response.status_code == 404
    assert response.json()["field"] == "page"
    assert Version.objects.count() == 0


def test_an_unreachable_wiki_is_a_409_and_nothing_is_published(
    setting: dict[str, Any], settings: Any
) -> None:
    settings.WIKI_HOST, settings.WIKI_SCHEME = "127.0.0.1:9", "http"
    settings.WIKI_MAX_RETRIES, settings.WIKI_TIMEOUT = 0, 2

    response = post(
        client_for(setting["drafter"]),
        "/api/chapters/roles/versions/from-wiki",
        {"label": "Draft 1", "page": "Charter"},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "unreachable"
    assert Version.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "url", "expected"),
    [
        ("anonymous", "/api/chapters/roles/versions/from-wiki", 401),
        ("member", "/api/chapters/roles/versions/from-wiki", 403),
        ("ambassador", "/api/chapters/roles/versions/from-wiki", 403),
        ("anonymous", "/api/chapters/roles/imports/from-wiki", 401),
        ("member", "/api/chapters/roles/imports/from-wiki", 403),
    ],
)
def test_who_may_not_is_refused_before_the_wiki_is_asked(
    setting: dict[str, Any], monkeypatch: Any, role: str, url: str, expected: int
) -> None:
    def no_wiki(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the wiki was asked")

    monkeypatch.setattr("convene.consultations.services.wiki.connect", no_wiki)
    user = None if role == "anonymous" else setting[role]

    response = post(client_for(user), url, {"label": "D", "page": "Charter"})

    assert response.status_code == expected


def test_the_command_publishes_a_version_from_a_wiki_page(
    setting: dict[str, Any], wiki: tuple[RealWiki, str]
) -> None:
    import io

    from django.core.management import call_command

    _mediawiki, title = wiki
    out = io.StringIO()

    call_command("consultations", "import", "roles", title, "--wiki", "--as", "drafter", stdout=out)

    assert out.getvalue().splitlines()[0] == "roles: version 1 (Draft 1)"
    assert Version.objects.get().format == "wikitext"


def test_the_command_says_in_one_line_that_the_wiki_has_no_such_page(
    setting: dict[str, Any], wiki: tuple[RealWiki, str]
) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError) as refused:
        call_command("consultations", "import", "roles", "Nope 404", "--wiki", "--as", "drafter")

    assert str(refused.value) == "page: The wiki has no page “Nope 404”."
    assert Version.objects.count() == 0


def test_the_publish_page_takes_a_wiki_page(
    setting: dict[str, Any], wiki: tuple[RealWiki, str]
) -> None:
    _mediawiki, title = wiki
    client = client_for(setting["drafter"])

    response = client.post(
        "/consultations/roles/versions/new",
        {"label": "Draft 1", "page": title, "format": "markdown", "status": "open"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    version = Version.objects.get()
    assert version.format == "wikitext"
    assert "oldid=" in version.source


def test_the_publish_page_shows_a_missing_wiki_page_on_its_field(
    setting: dict[str, Any], wiki: tuple[RealWiki, str]
) -> None:
    client = client_for(setting["drafter"])

    response = client.post(
        "/consultations/roles/versions/new",
        {"label": "Draft 1", "page": "Nope 405", "format": "markdown", "status": "open"},
    )

    assert response.status_code == 404
    assert "The wiki has no page “Nope 405”." in response.content.decode()
    assert Version.objects.count() == 0
