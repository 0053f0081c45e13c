"""`convene notes parse|import|render`: session notes in and out, from the command line.

    convene notes parse FILE [--format auto|text|wikitext|markdown] [--strict]
    convene notes import EVENT FILE [--format ...] [--strict] [--dry-run] [--as USERNAME]
    convene notes render EVENT [--format wikitext|markdown]

EVENT is an event id (or its slug when that names one event). Problems go to stderr as
"line N: message"; every refusal is one readable line and a non-zero exit.
"""

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from convene.core.commands import refusals_exit
from convene.events.models import Event
from convene.notes import queries, services
from convene.notes.parsing import FORMATS, parse


class Command(BaseCommand):
    help = "Read session notes into JSON or an event's Q&A, and write an event's Q&A as notes."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="parse|import|render")
        formats = ["auto", *FORMATS]

        p = sub.add_parser("parse", help="print the notes in FILE as JSON")
        p.add_argument("file")
        p.add_argument("--format", choices=formats, default="auto", dest="fmt")
        p.add_argument("--strict", action="store_true", help="exit non-zero on any problem")

        i = sub.add_parser("import", help="enter the notes in FILE as EVENT's questions")
        i.add_argument("event")
        i.add_argument("file")
        i.add_argument("--format", choices=formats, default="auto", dest="fmt")
        i.add_argument("--strict", action="store_true", help="refuse notes with problems")
        i.add_argument("--dry-run", action="store_true", help="say what would change only")
        i.add_argument(
            "--as", dest="username", default="", help="who imports (default: the first admin)"
        )

        r = sub.add_parser("render", help="print EVENT's Q&A as notes")
        r.add_argument("event")
        r.add_argument("--format", choices=["wikitext", "markdown"], default="wikitext", dest="fmt")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "parse":
            self._parse(options)
        elif action == "import":
            self._import(options)
        else:
            self._render(options)

    def _read(self, name: str) -> str:
        try:
            return Path(name).read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(f"cannot read {name}: no such file") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"cannot read {name}: not UTF-8 text") from exc
        except OSError as exc:
            raise CommandError(f"cannot read {name}: {exc.strerror or exc}") from exc

    def _problems(self, result: Any) -> None:
        for problem in result.problems:
            self.stderr.write(f"line {problem.line}: {problem.message}")

    def _parse(self, options: dict[str, Any]) -> None:
        result = parse(self._read(options["file"]), options["fmt"])
        self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        self._problems(result)
        if options["strict"] and result.problems:
            count = len(result.problems)
            raise CommandError(f"{count} line{'s' if count != 1 else ''} could not be placed")

    def _event(self, ref: str) -> Event:
        try:
            return queries.event_by_ref(ref)
        except Event.DoesNotExist as exc:
            raise CommandError(f"no event {ref!r} (give its id)") from exc

    def _actor(self, username: str) -> Any:
        users = get_user_model().objects.filter(is_active=True)
        if username:
            actor = users.filter(username=username).first()
            if actor is None:
                raise CommandError(f"no active account {username!r}")
            return actor
        actor = users.filter(is_superuser=True).order_by("pk").first()
        actor = actor or users.filter(is_staff=True).order_by("pk").first()
        if actor is None:
            raise CommandError("no admin account to import as: pass --as USERNAME")
        return actor

    def _import(self, options: dict[str, Any]) -> None:
        event = self._event(options["event"])
        text = self._read(options["file"])
        actor = self._actor(options["username"])
        with refusals_exit():
            outcome = services.event_import_notes(
                actor=actor,
                event=event,
                text=text,
                fmt=options["fmt"],
                strict=options["strict"],
                dry_run=options["dry_run"],
                source_name=Path(options["file"]).name,
            )
        self._problems(outcome.result)
        title = event.display_title
        q, a = outcome.questions_added, outcome.answers_added
        if not outcome.changed:
            self.stdout.write(f"nothing new: the notes are already in {title} ({event.pk})")
        elif options["dry_run"]:
            self.stdout.write(f"would add {q} questions and {a} answers to {title} ({event.pk})")
        else:
            self.stdout.write(f"added {q} questions and {a} answers to {title} ({event.pk})")

    def _render(self, options: dict[str, Any]) -> None:
        event = self._event(options["event"])
        self.stdout.write(queries.event_notes(event=event, fmt=options["fmt"]), ending="")
