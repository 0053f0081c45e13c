"""Reads for the notes app: an event's Q&A as notes, its imports and publications."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from django.db.models import QuerySet

from convene.core.types import Actor
from convene.events.models import Event
from convene.events.queries import is_organiser
from convene.notes.models import Announcement, NoteImport, WikiPublication
from convene.notes.parsing import Answer, Item, is_valid_by
from convene.notes.rendering import render_markdown, render_wikitext
from convene.qa import queries as qa_queries
from convene.qa.models import Answer as QaAnswer
from convene.qa.models import Question

RENDERERS = {"wikitext": render_wikitext, "markdown": render_markdown}


def can_manage_notes(*, user: Actor, event: Event) -> bool:
    """Organisers of the event (or of its series) and staff import and publish notes."""
    return is_organiser(user=user, event=event)


def event_get(*, pk: int) -> Event:
    """The event with its series; raises Event.DoesNotExist."""
    return Event.objects.select_related("series").get(pk=pk)


def event_by_ref(ref: str) -> Event:
    """An event by id or by slug (commands); raises Event.DoesNotExist."""
    if ref.isascii() and ref.isdigit():
        return event_get(pk=int(ref))
    rows = list(Event.objects.select_related("series").filter(slug=ref)[:2])
    if len(rows) != 1:
        raise Event.DoesNotExist(ref)
    return rows[0]


def _answer(answer: QaAnswer) -> Answer:
    by = answer.by.strip() or None
    text = answer.text
    if by is not None and not is_valid_by(" ".join(by.split())):
        # A body that cannot be written as "<body> response:" (a colon, a question
        # word): keep who said it in the text rather than lose it.
        text, by = f"{by} — {text}", None
    return Answer(by=by, text=text, refers_to_previous=answer.refers_to_previous)


def node_item(node: qa_queries.Item) -> Item:
    question = node.question
    return Item(
        kind="comment" if question.kind == "comment" else "question",
        text=question.text,
        answers=tuple(_answer(a) for a in node.answers),
        followups=tuple(node_item(child) for child in node.children),
    )


def event_items(*, event: Event) -> list[Item]:
    """The event's public Q&A as notes items, in order (three queries).

    For a series pool, only the questions asked at this edition (and their follow-ups).
    """
    board = qa_queries.board_current(event)
    if board.pk is None:
        return []
    nodes = qa_queries.export_items(board=board)
    if board.series_id is not None:
        nodes = [n for n in nodes if n.question.event_id == event.pk]
    return [node_item(node) for node in nodes]


def event_notes(*, event: Event, fmt: str = "wikitext") -> str:
    """The event's Q&A written as notes in ``fmt`` ("wikitext" or "markdown")."""
    return RENDERERS[fmt](event_items(event=event))


def imported_items(*, event: Event) -> tuple[list[Item], list[Question]]:
    """The notes questions already imported into ``event`` (as items, and the rows).

    Which questions came from notes is qa's to say (`qa.queries.items_from_notes`): all
    of them, whatever their state, so a re-import never duplicates a hidden one.
    """
    top, questions = qa_queries.items_from_notes(event=event)
    return [node_item(node) for node in top], questions


def imports_for(*, event: Event, limit: int = 20) -> list[NoteImport]:
    return list(NoteImport.objects.filter(event=event).select_related("imported_by")[:limit])


def publications_for(*, event: Event, limit: int = 20) -> QuerySet[WikiPublication]:
    """The event's latest publications, newest first (one query)."""
    return WikiPublication.objects.filter(event=event).select_related("requested_by")[:limit]


def publication_get(*, pk: int) -> WikiPublication:
    return WikiPublication.objects.select_related("event", "requested_by").get(pk=pk)


def announcement_of(*, event: Event) -> Announcement | None:
    return Announcement.objects.filter(event=event).first()


def conflict_diff(publication: WikiPublication) -> list[str]:
    """The lines that differ between the wiki's text now and what we would write."""
    return list(
        difflib.unified_diff(
            publication.wiki_text.splitlines(),
            publication.content.splitlines(),
            fromfile="wiki (now)",
            tofile="Convene",
            lineterm="",
        )
    )


def count_tree(items: Sequence[Item]) -> tuple[int, int]:
    """How many questions/comments (follow-ups included) and answers ``items`` hold."""
    questions = answers = 0
    for item in items:
        q, a = count_tree(item.followups)
        questions += 1 + q
        answers += len(item.answers) + a
    return questions, answers
