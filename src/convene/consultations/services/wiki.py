"""A chapter's text and its talk page read from the wiki, through the shared client
(`convene.wiki`): a version published from a wiki page, a talk page imported as feedback.

The wiki is read with the site's bot account where one is configured (WIKI_BOT_*), and
anonymously otherwise; permission is checked before the wiki is asked anything.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

from convene.consultations.models import Chapter, Feedback, TextFormat, Version, VersionStatus
from convene.consultations.queries.access import can_draft, can_record
from convene.consultations.services._common import clean_text, require, require_person
from convene.consultations.services.chapters import version_publish
from convene.consultations.services.imports import talk_page_import
from convene.core.errors import Conflict, Invalid, NotFound
from convene.core.types import Actor
from convene.wiki.client import (
    Page,
    WikiConfig,
    WikiError,
    WikiNotFound,
    WikiSession,
    WikiUnavailable,
    connect,
)

PAGE_LIMIT = 255  # MediaWiki's longest title, in bytes (a title is rarely near it)


def wiki_config() -> WikiConfig:
    return WikiConfig.from_settings(settings, user_agent="Convene consultations")


def _read(page: str, read: Callable[[WikiSession, str], Page]) -> tuple[Page, WikiConfig]:
    title = clean_text(page, field="page", limit=PAGE_LIMIT)
    config = wiki_config()
    try:
        session = connect(config, config.bot)
        found = read(session, title)
    except WikiNotFound as exc:
        raise NotFound(
            _("The wiki has no page “%(page)s”.") % {"page": title}, field="page"
        ) from exc
    except WikiUnavailable as exc:
        raise Conflict(
            _("The wiki could not be reached. Nothing was changed; try again later."),
            code="unreachable",
        ) from exc
    except WikiError as exc:
        raise Invalid(
            _("The wiki refused to give “%(page)s”: %(reason)s")
            % {"page": title, "reason": exc.message},
            field="page",
        ) from exc
    return found, config


def version_publish_from_wiki(
    *,
    actor: Actor,
    chapter: Chapter,
    page: str,
    label: str,
    status: str = VersionStatus.OPEN,
) -> Version:
    """A new version of `chapter` whose text is the wiki page `page` as it is now
    (wikitext); its source is the revision's address, so the version says which revision
    it was made from."""
    actor = require_person(actor)
    require(
        can_draft(user=actor, chapter=chapter),
        _("Only the chapter's drafting group may publish versions."),
    )
    found, config = _read(page, lambda session, title: session.read_page(title))
    if not found.text.strip():
        raise Invalid(_("The wiki page “%(page)s” is empty.") % {"page": found.title}, field="page")
    return version_publish(
        actor=actor,
        chapter=chapter,
        label=label,
        text=found.text,
        fmt=TextFormat.WIKITEXT,
        status=status,
        source=config.revision_url(found.revid) if found.revid else config.page_url(found.title),
    )


def talk_page_import_from_wiki(
    *,
    actor: Actor,
    chapter: Chapter,
    page: str,
    version: int | None = None,
    language: str = "",
) -> list[Feedback]:
    """The talk page of the wiki page `page` (or `page` itself when it is a talk page)
    imported as feedback: each signed comment one item, its author and date kept;
    importing it again adds only what is new."""
    actor = require_person(actor)
    require(
        can_record(user=actor, chapter=chapter),
        _("Only organisers, ambassadors and the drafting group may import feedback."),
    )
    found, config = _read(page, lambda session, title: session.read_talk_page(title))
    return talk_page_import(
        actor=actor,
        chapter=chapter,
        wikitext=found.text,
        source=config.page_url(found.title),
        version=version,
        language=language,
    )
