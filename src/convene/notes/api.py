"""The notes API: an event's Q&A as notes (JSON, wikitext, Markdown), parsing notes, and
importing them into an event (organisers)."""

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from convene.core.api import REFUSALS, BodyIn
from convene.core.errors import NotFound
from convene.events.models import Event
from convene.notes import queries, services
from convene.notes.parsing import ParseResult, parse
from convene.people.auth import person_auth, reader_auth

router = Router(tags=["notes"])

ERRORS = REFUSALS

Format = Literal["auto", "text", "wikitext", "markdown"]


class NotesOut(Schema):
    event_id: int
    format: str
    items: list[dict[str, Any]]
    text: str | None = Field(None, description="the notes written out (wikitext or markdown)")


class ProblemOut(Schema):
    line: int
    message: str
    text: str


class NotesIn(BodyIn):
    text: str = Field(..., max_length=services.NOTES_LIMIT)
    format: Format = "auto"


class NotesImportIn(NotesIn):
    strict: bool = False
    dry_run: bool = False


class ParsedOut(Schema):
    format: str
    items: list[dict[str, Any]]
    problems: list[ProblemOut]


class ImportOut(ParsedOut):
    event_id: int
    questions_added: int
    answers_added: int
    changed: bool


def _event(event_id: int) -> Event:
    try:
        return queries.event_get(pk=event_id)
    except Event.DoesNotExist as exc:
        raise NotFound(_("No such event.")) from exc


def _parsed(result: ParseResult) -> dict[str, Any]:
    return {
        "format": result.fmt,
        "items": result.to_json()["items"],
        "problems": [
            {"line": p.line, "message": p.message, "text": p.text} for p in result.problems
        ],
    }


@router.get(
    "/events/{event_id}/notes",
    response={200: NotesOut, **ERRORS},
    auth=reader_auth,
    summary="An event's public Q&A as notes: the notes JSON, and the text in a format",
)
def event_notes(
    request: HttpRequest,
    event_id: int,
    format: Literal["json", "wikitext", "markdown"] = "json",  # noqa: A002 (the query name)
) -> dict[str, Any]:
    event = _event(event_id)
    items = queries.event_items(event=event)
    text = queries.RENDERERS[format](items) if format != "json" else None
    return {
        "event_id": event.pk,
        "format": format,
        "items": [item.to_dict() for item in items],
        "text": text,
    }


@router.post(
    "/notes/parse",
    response={200: ParsedOut, **ERRORS},
    auth=person_auth,
    summary="Read notes (plain text, wikitext or Markdown) into the notes JSON",
)
def notes_parse(request: HttpRequest, payload: NotesIn) -> dict[str, Any]:
    return _parsed(parse(payload.text, payload.format))


@router.post(
    "/events/{event_id}/notes/import",
    response={200: ImportOut, **ERRORS},
    auth=person_auth,
    summary="Enter notes as the event's questions and answers (organisers; idempotent)",
)
def notes_import(request: HttpRequest, event_id: int, payload: NotesImportIn) -> dict[str, Any]:
    event = _event(event_id)
    outcome = services.event_import_notes(
        actor=request.user,
        event=event,
        text=payload.text,
        fmt=payload.format,
        strict=payload.strict,
        dry_run=payload.dry_run,
    )
    return {
        **_parsed(outcome.result),
        "event_id": event.pk,
        "questions_added": outcome.questions_added,
        "answers_added": outcome.answers_added,
        "changed": outcome.changed,
    }
