"""The wiki client against a real MediaWiki (tests/mediawiki.py): publish, read back, an
edit made in between refused through baserevid, a talk page; and what needs no wiki."""

import itertools
import socket
from types import SimpleNamespace
from typing import Any

import pytest

from convene.wiki.client import (
    BearerToken,
    BotPassword,
    WikiAuthFailed,
    WikiConfig,
    WikiConflict,
    WikiNotFound,
    WikiSession,
    WikiUnavailable,
    connect,
)
from tests.mediawiki import RealWiki

_numbers = itertools.count(1)


@pytest.fixture
def title() -> str:
    """A page no other test of the session writes."""
    return f"Convene test/{next(_numbers)}"


@pytest.fixture
def bot(mediawiki: RealWiki) -> WikiSession:
    return connect(mediawiki.config(), mediawiki.bot)


@pytest.fixture
def other(mediawiki: RealWiki) -> WikiSession:
    return connect(mediawiki.config(), mediawiki.other)


def test_write_page_creates_the_page_and_read_page_reads_it_back(
    bot: WikiSession, title: str
) -> None:
    revid = bot.write_page(title, "* Q?\n** Response: A.", summary="Notes", baserevid=None)

    page = bot.read_page(title)

    assert (page.title, page.exists, page.text, page.revid) == (
        title,
        True,
        "* Q?\n** Response: A.",
        revid,
    )
    assert bot.username == "ConveneBot"


def test_write_page_on_top_of_the_read_revision_succeeds(bot: WikiSession, title: str) -> None:
    first = bot.write_page(title, "First", summary="1", baserevid=None)

    second = bot.write_page(title, "Second", summary="2", baserevid=first)

    assert (second > first, bot.read_page(title).text) == (True, "Second")


def test_write_page_over_an_edit_made_in_between_is_a_conflict(
    bot: WikiSession, other: WikiSession, title: str
) -> None:
    ours = bot.write_page(title, "The notes as published", summary="Notes", baserevid=None)
    theirs = other.write_page(title, "The notes as corrected", summary="Fix", baserevid=ours)

    with pytest.raises(WikiConflict) as raised:
        bot.write_page(title, "The notes as updated", summary="Notes", baserevid=ours)

    page = bot.read_page(title)
    assert (raised.value.code, page.text, page.revid) == (
        "editconflict",
        "The notes as corrected",
        theirs,
    )


def test_write_page_to_create_a_page_that_exists_is_a_conflict(
    bot: WikiSession, other: WikiSession, title: str
) -> None:
    other.write_page(title, "Someone else's page", summary="Mine", baserevid=None)

    with pytest.raises(WikiConflict):
        bot.write_page(title, "Ours", summary="Notes", baserevid=None)

    assert bot.read_page(title).text == "Someone else's page"


def test_write_page_one_section_keeps_the_rest(bot: WikiSession, title: str) -> None:
    base = bot.write_page(
        title, "Intro\n== Notes ==\nold\n== Replies ==\nThanks", summary="1", baserevid=None
    )

    bot.write_page(title, "== Notes ==\nnew", summary="2", baserevid=base, section="1")

    assert (bot.read_page(title).text, bot.read_page(title, section="1").text) == (
        "Intro\n== Notes ==\nnew\n\n== Replies ==\nThanks",
        "== Notes ==\nnew",
    )


def test_read_talk_page_reads_the_pages_talk(
    bot: WikiSession, other: WikiSession, title: str
) -> None:
    other.write_page(
        f"Talk:{title}", "== Chapter 2 ==\nA comment. ~~~~", summary="Hi", baserevid=None
    )

    talk = bot.read_talk_page(title)

    assert (talk.title, talk.text.startswith("== Chapter 2 ==\nA comment. [[User:Other|")) == (
        f"Talk:{title}",
        True,
    )


def test_talk_title_follows_the_namespaces(bot: WikiSession) -> None:
    assert [
        bot.talk_title(name) for name in ("Charter", "Project:Charter", "talk:Charter", "Help:X")
    ] == ["Talk:Charter", "Convene Test Wiki talk:Charter", "Talk:Charter", "Help talk:X"]


def test_read_page_missing_is_not_found_unless_allowed(bot: WikiSession, title: str) -> None:
    with pytest.raises(WikiNotFound):
        bot.read_page(title)

    page = bot.read_page(title, missing_ok=True)

    assert (page.exists, page.text, page.revid) == (False, "", None)


def test_bearer_token_the_wiki_does_not_know_is_refused(mediawiki: RealWiki) -> None:
    with pytest.raises(WikiAuthFailed) as raised:
        connect(mediawiki.config(), BearerToken("not-a-token"))

    assert raised.value.code == "auth"


def test_wrong_bot_password_is_refused(mediawiki: RealWiki) -> None:
    wrong = BotPassword(mediawiki.bot.user, "x" * 32)

    with pytest.raises(WikiAuthFailed) as raised:
        connect(mediawiki.config(), wrong)

    assert raised.value.code == "bot_login"


# ---------------------------------------------------------------- no wiki needed


def test_unreachable_wiki_is_unavailable() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        config = WikiConfig(
            host=f"127.0.0.1:{closed.getsockname()[1]}",
            scheme="http",
            max_retries=0,
            retry_timeout=0,
            timeout=2,
        )

    with pytest.raises(WikiUnavailable) as raised:
        connect(config)

    assert raised.value.code == "unreachable"


def test_config_from_settings_prefers_wiki_then_notes_wiki_names() -> None:
    settings: Any = SimpleNamespace(
        WIKI_HOST="wiki.example.org",
        NOTES_WIKI_HOST="old.example.org",
        NOTES_WIKI_PATH="/",
        NOTES_WIKI_BOT_USER="Bot@app",
        WIKI_BOT_PASSWORD="secret",
        WIKI_TIMEOUT="7.5",
    )

    config = WikiConfig.from_settings(settings)

    assert config == WikiConfig(
        host="wiki.example.org",
        path="/",
        scheme="https",
        bot=BotPassword("Bot@app", "secret"),
        timeout=7.5,
    )
    assert (config.page_url("A b/C"), config.revision_url(3)) == (
        "https://wiki.example.org/index.php?title=A_b/C",
        "https://wiki.example.org/index.php?oldid=3",
    )


def test_config_without_both_bot_settings_has_no_bot() -> None:
    assert WikiConfig.from_settings(SimpleNamespace(WIKI_BOT_USER="Bot@app")).bot is None
