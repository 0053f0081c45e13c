"""Writes for the notes app: import notes into an event, publish to a wiki, announce.

Every function checks permission and input and raises a refusal of `core.errors`
(`NotSignedIn`, `NotAllowed`, `Invalid` with the field, `Conflict`), so the pages, the
API, the commands and the tasks refuse the same way.
Questions and answers are written by the qa app's `notes_import`; this module decides
what is new (so that importing the same notes twice changes nothing) and records the
import. Publishing is recorded first (a `WikiPublication` holding the text to write)
and done in the background by `publishing.publish`, so nothing is lost whatever the wiki
answers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from convene.core.clock import now
from convene.core.errors import Conflict, Invalid, NotAllowed, NotSignedIn, Refusal
from convene.core.generations import bump
from convene.core.links import absolute_url
from convene.core.types import Actor
from convene.events.generations import RECORDS_GENERATION
from convene.events.models import Event
from convene.notes.models import (
    Announcement,
    NoteImport,
    PublicationKind,
    PublicationStatus,
    WikiPublication,
)
from convene.notes.parsing import FORMATS, Answer, Item, ParseResult, Problem, normalize_text, parse
from convene.notes.publishing import bot_configured, person_token, publish
from convene.notes.queries import (
    can_manage_notes,
    count_tree,
    event_notes,
    node_item,
)
from convene.notes.rendering import escape_wikitext
from convene.qa import queries as qa_queries
from convene.qa import services as qa_services
from convene.qa.models import TEXT_LIMIT

# Notes of one session are a few pages; this bounds what a paste, an upload or an API
# request can be (characters; bytes for an upload).
NOTES_LIMIT = 1_000_000
PAGE_LIMIT = 255
SUMMARY_LIMIT = 500
# Characters MediaWiki never allows in a title.
_BAD_TITLE_RE = re.compile(r"[#<>\[\]|{}\x00-\x1f]")
_PLAIN_URL_RE = re.compile(r"^https?://[^\s\[\]<>{}|'\"]+$")


def _require_manager(actor: Actor, event: Event) -> User:
    if not isinstance(actor, User) or not actor.is_authenticated:
        raise NotSignedIn(_("Sign in first."))
    if not can_manage_notes(user=actor, event=event):
        raise NotAllowed(_("Only the event's organisers may do that."))
    return actor


# ---------------------------------------------------------------- import


@dataclass
class ImportOutcome:
    """What an import found and did."""

    result: ParseResult
    merged: list[Item]
    questions_added: int
    answers_added: int
    record: NoteImport | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.questions_added or self.answers_added)


def _key(text: str) -> str:
    return normalize_text(text).casefold()


def _merge(existing: Sequence[Item], new: Sequence[Item]) -> tuple[list[Item], int, int]:
    """``existing`` with what ``new`` adds: unknown items appended at their place,
    unknown answers appended to known items. Items match by kind and normalised text
    (under the same parent), answers by body and normalised text."""
    merged = list(existing)
    # The first item of each (kind, key): one lookup per new item, not a scan of all.
    index: dict[tuple[str, str], int] = {}
    for i, old in enumerate(merged):
        index.setdefault((old.kind, _key(old.text)), i)
    questions = answers = 0
    for item in new:
        key = (item.kind, _key(item.text))
        at = index.get(key)
        if at is None:
            index[key] = len(merged)
            merged.append(item)
            q, a = count_tree([item])
            questions, answers = questions + q, answers + a
            continue
        old = merged[at]
        known = {(a.by, _key(a.text)) for a in old.answers}
        extra: list[Answer] = []
        for answer in item.answers:
            if (answer.by, _key(answer.text)) not in known:
                known.add((answer.by, _key(answer.text)))
                extra.append(answer)
        followups, q, a = _merge(old.followups, item.followups)
        questions, answers = questions + q, answers + a + len(extra)
        merged[at] = Item(old.kind, old.text, old.answers + tuple(extra), tuple(followups))
    return merged, questions, answers


def _additions(nodes: Sequence[qa_queries.Item], merged: Sequence[Item]) -> list[dict[str, Any]]:
    """What `merged` (from `_merge`) adds to the imported `nodes`, for qa's notes_extend:
    a known question as {"id", "answers": the new ones, "followups": ...}, a new one as
    its notes dict. `_merge` keeps the known items first, in order, and only appends to
    them, so the first len(nodes) merged items are the nodes, each with its answers
    first."""
    out: list[dict[str, Any]] = []
    for index, item in enumerate(merged):
        if index >= len(nodes):
            out.append(item.to_dict())
            continue
        node = nodes[index]
        extra = [answer.to_dict() for answer in item.answers[len(node.answers) :]]
        followups = _additions(node.children, item.followups)
        if extra or followups:
            out.append({"id": node.question.pk, "answers": extra, "followups": followups})
    return out


def _check_lengths(items: Sequence[Item]) -> None:
    for item in items:
        if len(item.text) > TEXT_LIMIT:
            raise Invalid(
                _("A question is longer than %(limit)s characters: “%(start)s…”")
                % {"limit": TEXT_LIMIT, "start": item.text[:60]},
                code="too_long",
                field="text",
            )
        _check_lengths(item.followups)


def event_import_notes(
    *,
    actor: Actor,
    event: Event,
    text: str,
    fmt: str = "auto",
    strict: bool = False,
    dry_run: bool = False,
    source_name: str = "",
) -> ImportOutcome:
    """Read ``text`` as notes and enter what is new as the event's questions and answers.

    Importing the same notes again changes nothing (questions match by kind and
    normalised text under the same parent, answers by body and text); notes that add to
    an earlier import add just that. Imported questions have no author; a question
    with an answer is answered in writing, one without stays open. ``strict`` refuses
    notes with lines that could not be placed; ``dry_run`` reads and compares only.
    Records a `NoteImport` (also when nothing was new); qa announces `board` after
    commit when something was added.
    """
    actor = _require_manager(actor, event)
    if fmt != "auto" and fmt not in FORMATS:
        raise Invalid(_("Unknown notes format."), field="fmt")
    result = parse(text, fmt)
    if strict and result.problems:
        raise Invalid(
            ngettext(
                "%(count)s line could not be placed; fix it or import without strict mode.",
                "%(count)s lines could not be placed; fix them or import without strict mode.",
                len(result.problems),
            )
            % {"count": len(result.problems)},
            code="problems",
            field="text",
        )
    if not result.items:
        raise Invalid(_("No questions were found in these notes."), code="empty", field="text")
    _check_lengths(result.items)
    with transaction.atomic():
        nodes, _rows = qa_queries.items_from_notes(event=event)
        existing = [node_item(node) for node in nodes]
        merged, questions_added, answers_added = _merge(existing, result.items)
        outcome = ImportOutcome(result, merged, questions_added, answers_added)
        outcome.problems = result.problems
        if dry_run:
            return outcome
        if outcome.changed:
            # Only the new parts are written: what people added on the board since
            # (votes, answers, follow-ups, moderation) stays as it is.
            qa_services.notes_extend(actor=actor, event=event, items=_additions(nodes, merged))
        bump(RECORDS_GENERATION)  # the session now has notes: the front page's records
        outcome.record = NoteImport.objects.create(
            event=event,
            imported_by=actor,
            imported_at=now(),
            source_sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            source_name=source_name[:200],
            fmt=result.fmt,
            questions_added=questions_added,
            answers_added=answers_added,
            problems=[{"line": p.line, "message": p.message} for p in result.problems],
        )
    return outcome


# ---------------------------------------------------------------- publishing


def _clean_target(page: str, section: str, summary: str) -> tuple[str, str, str]:
    page = " ".join((page or "").split()).replace("_", " ")
    if not page:
        raise Invalid(_("Name the wiki page."), code="required", field="page")
    if len(page) > PAGE_LIMIT or _BAD_TITLE_RE.search(page):
        raise Invalid(_("That is not a valid wiki page name."), field="page")
    section = (section or "").strip()
    if section and not section.isdigit():
        raise Invalid(_("The section is a number (0 is the top)."), field="section")
    summary = " ".join((summary or "").split())
    if not summary:
        raise Invalid(_("Write an edit summary."), code="required", field="summary")
    if len(summary) > SUMMARY_LIMIT:
        raise Invalid(_("The edit summary is too long."), code="too_long", field="summary")
    return page, section, summary


def _check_credentials(actor: Actor, as_bot: bool) -> None:
    if as_bot:
        if not bot_configured():
            raise Invalid(
                _("No bot account is configured on this site."), code="no_bot", field="as_bot"
            )
    elif person_token(actor) is None:
        raise Invalid(
            _("Sign in with your Wikimedia account first, or publish with the bot account."),
            code="no_token",
            field="as_bot",
        )


def _last_revision(event: Event, page: str, section: str) -> int | None:
    last = (
        WikiPublication.objects.filter(
            event=event, page=page, section=section, status=PublicationStatus.SUCCEEDED
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    return last.revision_id if last else None


def _enqueue(publication: WikiPublication) -> None:
    pk = publication.pk
    transaction.on_commit(lambda: publish.enqueue(publication_id=pk))


def publication_request(
    *,
    actor: Actor,
    event: Event,
    page: str,
    summary: str,
    section: str = "",
    kind: str = PublicationKind.NOTES,
    as_bot: bool = False,
    content: str | None = None,
    base_revid: int | None = None,
) -> WikiPublication:
    """Ask for the event's notes (or announcement) to be written to a wiki page.

    The text is rendered now and kept on the publication; the edit is based on the
    revision Convene last wrote there (or ``base_revid``, the revision an organiser
    reviewed after a conflict). Enqueues the `publish` task after commit.
    """
    actor = _require_manager(actor, event)
    if kind not in PublicationKind.values:
        raise Invalid(_("Unknown kind of publication."), field="kind")
    page, section, summary = _clean_target(page, section, summary)
    _check_credentials(actor, as_bot)
    if content is None:
        if kind == PublicationKind.NOTES:
            content = event_notes(event=event, fmt="wikitext")
            if not content:
                raise Conflict(_("This event has no questions to publish yet."), code="empty")
        else:
            content = render_announcement(event)
    with transaction.atomic():
        publication = WikiPublication.objects.create(
            event=event,
            kind=kind,
            page=page,
            section=section,
            summary=summary,
            as_bot=as_bot,
            content=content,
            base_revid=base_revid
            if base_revid is not None
            else _last_revision(event, page, section),
            requested_by=actor,
            requested_at=now(),
        )
        _enqueue(publication)
    return publication


def publication_retry(*, actor: Actor, publication: WikiPublication) -> WikiPublication:
    """Publish again after a conflict (based on the revision shown in the diff, which the
    organiser has now reviewed) or a failure (as before). The same text is written."""
    event = publication.event
    actor = _require_manager(actor, event)
    if publication.status not in (PublicationStatus.CONFLICT, PublicationStatus.FAILED):
        raise Conflict(_("Only a conflict or a failure can be published again."))
    base = publication.base_revid
    if publication.status == PublicationStatus.CONFLICT:
        base = publication.wiki_revid
    return publication_request(
        actor=actor,
        event=event,
        page=publication.page,
        section=publication.section,
        summary=publication.summary,
        kind=publication.kind,
        as_bot=publication.as_bot,
        content=publication.content,
        base_revid=base,
    )


# ---------------------------------------------------------------- announcements


def _when(event: Event) -> str:
    if event.starts_at is not None:
        start = event.starts_at.astimezone(dt.UTC)
        return f"{start.day} {start:%B %Y, %H:%M} UTC"
    if event.start_date is not None:
        first = f"{event.start_date.day} {event.start_date:%B %Y}"
        if event.end_date and event.end_date != event.start_date:
            return f"{first} \u2013 {event.end_date.day} {event.end_date:%B %Y}"
        return first
    return ""


def render_announcement(event: Event) -> str:
    """The event's announcement as wikitext: what, when (UTC), where to follow it, and
    the call link once it is released to everyone. User text is escaped."""
    page_url = absolute_url(reverse("events:detail", args=[event.pk]))
    lines = [f"'''{escape_wikitext(event.display_title)}'''"]
    when = _when(event)
    if when:
        lines.append("* " + _("When: %(when)s") % {"when": when})
    link = event.call_link
    if link and event.link_released_at is not None:
        if event.link_audience == "everyone":
            shown = link if _PLAIN_URL_RE.match(link) else escape_wikitext(link)
            lines.append("* " + _("Call link: %(link)s") % {"link": shown})
        else:
            lines.append(
                "* "
                + _("Registered participants find the call link on %(url)s") % {"url": page_url}
            )
    elif link and event.link_release_at is not None:
        release = event.link_release_at.astimezone(dt.UTC)
        lines.append(
            "* "
            + _("The call link will be shared here on %(when)s.")
            % {"when": f"{release.day} {release:%B %Y, %H:%M} UTC"}
        )
    lines.append("* " + _("Details and registration: %(url)s") % {"url": page_url})
    return "\n".join(lines) + "\n"


def announcement_configure(
    *,
    actor: Actor,
    event: Event,
    page: str,
    section: str = "",
    post_on_publish: bool = True,
    update_at_release: bool = True,
    as_bot: bool = False,
) -> Announcement:
    """Say where the event's announcement goes on the wiki. With ``post_on_publish`` it is
    posted now; with ``update_at_release`` the periodic sweep rewrites it with the call
    link once the link is released ("both on the wiki and here")."""
    actor = _require_manager(actor, event)
    page, section, _summary = _clean_target(page, section, "-")
    _check_credentials(actor, as_bot)
    with transaction.atomic():
        announcement, _created = Announcement.objects.update_or_create(
            event=event,
            defaults={
                "page": page,
                "section": section,
                "post_on_publish": post_on_publish,
                "update_at_release": update_at_release,
                "as_bot": as_bot,
                "configured_by": actor,
                "updated_at": now(),
            },
        )
        if post_on_publish:
            publication_request(
                actor=actor,
                event=event,
                page=page,
                section=section,
                summary=_("Announcement of %(title)s (Convene)") % {"title": event.display_title},
                kind=PublicationKind.ANNOUNCEMENT,
                as_bot=as_bot,
            )
            if event.link_released_at is not None:
                announcement.link_synced_at = event.link_released_at
                announcement.save(update_fields=["link_synced_at"])
    return announcement


def announcements_sync() -> int:
    """The periodic sweep: re-publish each announcement whose event's call link was
    released since the last sync. Idempotent (each release is announced once). Returns
    how many were requested."""
    due = list(
        Announcement.objects.filter(update_at_release=True, event__link_released_at__isnull=False)
        .filter(Q(link_synced_at__isnull=True) | Q(link_synced_at__lt=F("event__link_released_at")))
        .select_related("event", "configured_by")[:200]
    )
    done = 0
    for announcement in due:
        event = announcement.event
        with transaction.atomic():
            claimed = Announcement.objects.filter(
                pk=announcement.pk, link_synced_at=announcement.link_synced_at
            ).update(link_synced_at=event.link_released_at)
            if claimed != 1:
                continue  # another worker took it
            try:
                publication_request(
                    # An organiser's account removed since: refused, recorded below.
                    actor=announcement.configured_by or AnonymousUser(),
                    event=event,
                    page=announcement.page,
                    section=announcement.section,
                    summary=_("Call link for %(title)s (Convene)") % {"title": event.display_title},
                    kind=PublicationKind.ANNOUNCEMENT,
                    as_bot=announcement.as_bot,
                )
            except Refusal as exc:
                _record_refusal(announcement, exc)
        done += 1
    return done


def _record_refusal(announcement: Announcement, exc: Refusal) -> None:
    """A sweep cannot ask anyone: a refusal (the organiser lost their rights or token)
    is kept as a failed publication on the event, so the organiser sees it."""
    event = announcement.event
    WikiPublication.objects.create(
        event=event,
        kind=PublicationKind.ANNOUNCEMENT,
        page=announcement.page,
        section=announcement.section,
        summary=_("Call link for %(title)s (Convene)") % {"title": event.display_title},
        as_bot=announcement.as_bot,
        content=render_announcement(event),
        status=PublicationStatus.FAILED,
        error_code=exc.code[:40],
        error_text=exc.message,
        requested_by=announcement.configured_by,
        requested_at=now(),
        finished_at=now(),
    )
