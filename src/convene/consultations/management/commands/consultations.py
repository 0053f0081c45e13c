"""`convene consultations import`: publish a chapter's version from a file.

    convene consultations import CHAPTER FILE [--label L] [--format markdown|wikitext]
                                 [--status open|draft|final] [--as USERNAME]

Does what `POST /api/chapters/{slug}/versions` does: the text is split into paragraphs
that inherit the keys of the previous version's, and feedback is carried to it in the
background. `--format` defaults from the file name (.wiki/.wikitext/.mediawiki:
wikitext, else Markdown); `--label` defaults to "Draft N". Prints the version's number
and its paragraphs' keys and changes; every refusal is one line and a non-zero exit.
"""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from convene.consultations import queries, services
from convene.consultations.models import Version
from convene.core.commands import refusals_exit

WIKITEXT_SUFFIXES = {".wiki", ".wikitext", ".mediawiki"}


class Command(BaseCommand):
    help = "Publish a version of a charter chapter from a Markdown or wikitext file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="import")
        i = sub.add_parser("import", help="publish FILE as CHAPTER's next version")
        i.add_argument("chapter", help="the chapter's slug")
        i.add_argument("file")
        i.add_argument("--label", default="", help='default: "Draft N"')
        i.add_argument("--format", choices=["markdown", "wikitext"], default="", dest="fmt")
        i.add_argument("--status", choices=["open", "draft", "final"], default="open")
        i.add_argument(
            "--as", dest="username", default="", help="who publishes (default: the first admin)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(f"cannot read {path}: no such file") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"cannot read {path}: not UTF-8 text") from exc
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc
        fmt = options["fmt"] or (
            "wikitext" if path.suffix.lower() in WIKITEXT_SUFFIXES else "markdown"
        )
        with refusals_exit():
            chapter = queries.chapter_get(slug=options["chapter"])
            label = options["label"] or (
                f"Draft {Version.objects.filter(chapter=chapter).count() + 1}"
            )
            version = services.version_publish(
                actor=self._actor(options["username"]),
                chapter=chapter,
                label=label,
                text=text,
                fmt=fmt,
                status=options["status"],
                source=path.name,
            )
        self.stdout.write(f"{chapter.slug}: version {version.number} ({version.label})")
        for paragraph in queries.paragraphs_of(version=version):
            self.stdout.write(f"{paragraph.position:>4} {paragraph.key:<8} {paragraph.change}")
        for key in version.removed_keys:
            self.stdout.write(f"   - {key:<8} removed")

    def _actor(self, username: str) -> Any:
        users = get_user_model().objects.filter(is_active=True)
        if username:
            actor = users.filter(username=username).first()
            if actor is None:
                raise CommandError(f"no active account {username!r}")
            return actor
        actor = users.filter(is_superuser=True).order_by("pk").first()
        if actor is None:
            raise CommandError("no admin account to publish as: pass --as USERNAME")
        return actor
