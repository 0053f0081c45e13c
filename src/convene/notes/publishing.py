"""Doing a publication: the `publish` task talks to the wiki and records what it said.

`services.publication_request` records a `WikiPublication` (the text to write) and
enqueues `publish` after commit; the task reads the page, refuses to write over an edit
it was not based on, writes with ``baserevid`` through `convene.wiki.client`, and stores
the revision or the error on the publication. This module imports neither `services`
nor `tasks`, so that both can import it.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.socialaccount.models import SocialToken
from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks import task

from convene.core.clock import now
from convene.core.types import Actor
from convene.notes.models import PublicationStatus, WikiPublication
from convene.wiki.client import (
    BearerToken,
    WikiAuthFailed,
    WikiConfig,
    WikiConflict,
    WikiError,
    WikiSession,
    connect,
    split_heading,
)

logger = logging.getLogger(__name__)


def person_token(user: Actor | None) -> SocialToken | None:
    if user is None:
        return None
    return (
        SocialToken.objects.filter(account__user=user, account__provider="mediawiki")
        .order_by("-expires_at", "-pk")
        .first()
    )


def wiki_config() -> WikiConfig:
    """The wiki that notes and announcements go to (the WIKI_* settings)."""
    return WikiConfig.from_settings(settings, user_agent="Convene notes publisher")


def bot_configured() -> bool:
    return wiki_config().bot is not None


def _finish(publication: WikiPublication, status: str, **values: Any) -> WikiPublication:
    publication.status = status
    publication.finished_at = now()
    for name, value in values.items():
        setattr(publication, name, value)
    publication.save()
    return publication


def _connect(publication: WikiPublication, cfg: WikiConfig) -> WikiSession:
    if publication.as_bot:
        if cfg.bot is None:
            raise WikiAuthFailed("bot_login", "no bot account is configured")
        return connect(cfg, cfg.bot)
    token = person_token(publication.requested_by)
    if token is None:
        raise WikiAuthFailed("no_token", "no Wikimedia token")
    if token.expires_at is not None and token.expires_at <= now():
        raise WikiAuthFailed("auth", "the Wikimedia token has expired")
    return connect(cfg, BearerToken(token.token))


def _body(text: str, section: str) -> tuple[str, str]:
    """(heading, body) of what the wiki holds: a section keeps its own heading."""
    return split_heading(text) if section else ("", text)


_KNOWN_FAILURES = frozenset({"auth", "no_token", "bot_login", "unreachable"})


def error_message(code: str) -> str:
    """What to tell the organiser for a failure ``code``."""
    if code == "auth":
        return _(
            "The wiki did not accept your Wikimedia sign-in (it may have expired). Sign in "
            "with Wikimedia again, then publish again: the text is kept."
        )
    if code == "no_token":
        return _("Sign in with your Wikimedia account, then publish again: the text is kept.")
    if code == "bot_login":
        return _("The bot account could not sign in to the wiki. Ask the site's admin.")
    if code == "unreachable":
        return _("The wiki could not be reached. Nothing was changed; try again later.")
    return _("The wiki refused the edit.")


def publication_run(*, publication_id: int) -> WikiPublication:
    """Do a pending publication (the `publish` task). Reads the page, refuses to write
    over a revision the text was not based on (status conflict, with the wiki's text
    kept for the diff), edits with ``baserevid``, and records the revision or the error.
    Runs once: a publication that is no longer pending is returned as it is."""
    publication = WikiPublication.objects.select_related("requested_by").get(pk=publication_id)
    if publication.status != PublicationStatus.PENDING:
        return publication
    cfg = wiki_config()
    session: WikiSession | None = None
    try:
        session = _connect(publication, cfg)
        started = now()
        page = session.read_page(publication.page, section=publication.section, missing_ok=True)
        heading, body = _body(page.text, publication.section)
        ours = publication.content.strip()
        base = publication.base_revid
        unseen = (base is not None and page.revid != base) or (
            base is None and page.exists and body.strip() and body.strip() != ours
        )
        if unseen:
            return _finish(
                publication,
                PublicationStatus.CONFLICT,
                wiki_text=body.strip(),
                wiki_revid=page.revid,
                error_code="editconflict",
                error_text=_("The page changed on the wiki since Convene last saw it."),
            )
        if page.exists and body.strip() == ours:
            revid = page.revid or 0
        else:
            text = f"{heading}\n{ours}\n" if heading else f"{ours}\n"
            revid = session.write_page(
                publication.page,
                text,
                summary=publication.summary,
                baserevid=page.revid,
                section=publication.section,
                started=started,
            )
    except WikiConflict:
        current_body, current_revid = "", None
        if session is not None:
            try:
                current = session.read_page(
                    publication.page, section=publication.section, missing_ok=True
                )
                current_body = _body(current.text, publication.section)[1].strip()
                current_revid = current.revid
            except WikiError:
                pass
        return _finish(
            publication,
            PublicationStatus.CONFLICT,
            wiki_text=current_body,
            wiki_revid=current_revid,
            error_code="editconflict",
            error_text=_("The page changed on the wiki since Convene last saw it."),
        )
    except WikiError as exc:
        message = error_message(exc.code)
        if exc.code not in _KNOWN_FAILURES:
            message = f"{message} ({exc.message})"
        return _finish(
            publication, PublicationStatus.FAILED, error_code=exc.code[:40], error_text=message
        )
    except Exception:  # a bug must not leave the publication pending for ever
        logger.exception("publishing %s failed", publication.pk)
        return _finish(
            publication,
            PublicationStatus.FAILED,
            error_code="unexpected",
            error_text=_("Publishing failed unexpectedly. The text is kept; try again."),
        )
    return _finish(
        publication,
        PublicationStatus.SUCCEEDED,
        revision_id=revid,
        revision_url=cfg.revision_url(revid),
        error_code="",
        error_text="",
    )


@task()
def publish(publication_id: int) -> str:
    """Do one pending wiki publication; its result is stored on it. Returns the status."""
    return publication_run(publication_id=publication_id).status
