"""`convene notes parse|import|render`: output, exit codes and one-line refusals."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from convene.notes.parsing import parse
from convene.notes.queries import event_items
from convene.notes.rendering import render_markdown, render_wikitext
from convene.qa.models import Answer, Question
from tests.notes.conftest import SEED

DATA = Path(__file__).parent / "data"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("notes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts(items: list[dict[str, Any]]) -> tuple[int, int]:
    questions = answers = 0
    for item in items:
        q, a = counts(item["followups"])
        questions += 1 + q
        answers += len(item["answers"]) + a
    return questions, answers


def test_parse_seed_prints_the_notes_json() -> None:
    out, err = run("parse", str(SEED))

    data = json.loads(out)
    assert (len(data["items"]), counts(data["items"]), err) == (10, (12, 13), "")
    assert data == parse(SEED.read_text(encoding="utf-8")).to_json()


def test_parse_problems_go_to_stderr_with_line_numbers(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Intro line\n• Response: nothing before me\n• Real question?\n")

    out, err = run("parse", str(notes), "--format", "text")

    assert json.loads(out)["items"][0]["text"] == "Real question?"
    assert err == "line 2: answer with no question before it; skipped\n"


def test_parse_strict_with_problems_exits_non_zero(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("• Response: nothing before me\n• Real question?\n")

    with pytest.raises(CommandError) as raised:
        run("parse", str(notes), "--strict")

    assert str(raised.value) == "1 line could not be placed"


def test_parse_missing_file_is_one_readable_line(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        run("parse", str(tmp_path / "nope.txt"))

    assert str(raised.value) == f"cannot read {tmp_path / 'nope.txt'}: no such file"


def test_parse_binary_file_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.bin"
    notes.write_bytes(b"\xff\xfe\x00\x81 not text")

    with pytest.raises(CommandError) as raised:
        run("parse", str(notes))

    assert str(raised.value) == f"cannot read {notes}: not UTF-8 text"


def test_parse_unknown_format_is_refused() -> None:
    with pytest.raises(CommandError) as raised:
        run("parse", str(SEED), "--format", "docx")

    assert "invalid choice: 'docx'" in str(raised.value)


@pytest.mark.django_db
def test_import_seed_then_again_changes_nothing(event: Any, admin: Any) -> None:
    first, _ = run("import", str(event.pk), str(SEED))
    rows = list(Question.objects.filter(event=event).values_list("pk", "text", "state"))

    second, _ = run("import", str(event.pk), str(SEED))

    assert first == f"added 12 questions and 13 answers to {event.display_title} ({event.pk})\n"
    assert second == f"nothing new: the notes are already in {event.display_title} ({event.pk})\n"
    assert list(Question.objects.filter(event=event).values_list("pk", "text", "state")) == rows
    assert Answer.objects.filter(question__event=event).count() == 13


@pytest.mark.django_db
def test_import_dry_run_writes_nothing(event: Any, admin: Any) -> None:
    out, _ = run("import", str(event.pk), str(SEED), "--dry-run")

    assert out == f"would add 12 questions and 13 answers to {event.display_title} ({event.pk})\n"
    assert Question.objects.filter(event=event).count() == 0


@pytest.mark.django_db
def test_import_unknown_event_is_refused(admin: Any) -> None:
    with pytest.raises(CommandError) as raised:
        run("import", "99999", str(SEED))

    assert str(raised.value) == "no event '99999' (give its id)"


@pytest.mark.django_db
def test_import_as_someone_not_organising_is_refused(event: Any, alice: Any) -> None:
    with pytest.raises(CommandError) as raised:
        run("import", str(event.pk), str(SEED), "--as", "alice")

    assert str(raised.value) == "Only the event's organisers may do that."
    assert Question.objects.count() == 0


@pytest.mark.django_db
def test_import_strict_refuses_notes_with_problems(event: Any, admin: Any, tmp_path: Path) -> None:
    notes = tmp_path / "notes.wiki"
    notes.write_text("* Response: nothing before\n* A question?\n")

    with pytest.raises(CommandError) as raised:
        run("import", str(event.pk), str(notes), "--strict")

    # The command's one line names the input at fault (core.commands.refusals_exit).
    assert str(raised.value) == (
        "text: 1 line could not be placed; fix it or import without strict mode."
    )
    assert Question.objects.count() == 0


@pytest.mark.django_db
def test_render_prints_the_events_notes(event: Any, organiser: Any) -> None:
    run("import", str(event.pk), str(SEED), "--as", "organiser")
    items = event_items(event=event)

    wikitext, _ = run("render", str(event.pk))
    markdown, _ = run("render", str(event.pk), "--format", "markdown")

    assert wikitext == render_wikitext(items)
    assert markdown == render_markdown(items)
    assert parse(wikitext, "wikitext").items == parse(SEED.read_text(encoding="utf-8")).items


@pytest.mark.django_db
@pytest.mark.parametrize("ref", ["99999999999999999999999", "²"])
def test_render_event_ref_out_of_range_is_refused(ref: str) -> None:
    with pytest.raises(CommandError) as raised:
        run("render", ref)

    assert str(raised.value) == f"no event {ref!r} (give its id)"
