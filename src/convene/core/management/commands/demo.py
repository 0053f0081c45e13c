import importlib
import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# What the summary counts: (app label, model, how to say it).
COUNTED: tuple[tuple[str, str, Callable[[int], str]], ...] = (
    (
        "directory",
        "Organisation",
        lambda n: ngettext("%(n)d organisation", "%(n)d organisations", n),
    ),
    ("events", "Event", lambda n: ngettext("%(n)d event", "%(n)d events", n)),
    ("events", "Series", lambda n: ngettext("%(n)d series", "%(n)d series", n)),
    ("events", "Resource", lambda n: ngettext("%(n)d resource", "%(n)d resources", n)),
    ("qa", "Question", lambda n: ngettext("%(n)d question", "%(n)d questions", n)),
)


class Command(BaseCommand):
    help = "Load the demo data the seed documents describe (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        lines: list[str] = []

        def log(line: str) -> None:
            lines.append(line)
            if verbosity > 1:
                self.stdout.write(line)

        # The loaders' services log what they change (INFO): detail for -v 2 only.
        quiet = verbosity < 2
        if quiet:
            logging.disable(logging.INFO)
        try:
            for config in apps.get_app_configs():
                if not config.name.startswith("convene."):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                with transaction.atomic():
                    module.load(log=log)
        finally:
            if quiet:
                logging.disable(logging.NOTSET)
        if verbosity > 0:
            self.stdout.write(self.summary())

    def summary(self) -> str:
        """What is there now and how to sign in: a few lines for a newcomer."""
        counts = []
        for label, name, say in COUNTED:
            try:
                model = apps.get_model(label, name)
            except LookupError:
                continue
            n = model.objects.count()
            counts.append(say(n) % {"n": n})
        out = [
            self.style.SUCCESS(_("Demo data ready: %(counts)s.") % {"counts": ", ".join(counts)})
        ]
        try:
            accounts = importlib.import_module("convene.people.demo").DEMO_ACCOUNTS
        except (ModuleNotFoundError, AttributeError):
            accounts = ()
        if accounts:
            login = settings.SITE_URL.rstrip("/") + reverse("account_login")
            out.append(_("Sign in at %(url)s as:") % {"url": login})
            for account in accounts:
                role = _("staff: organises and moderates") if account.staff else _("a member")
                out.append(
                    f"  {account.username} / {account.password}  ({role}, {account.timezone})"
                )
            out.append(
                _(
                    "The passwords are set in src/convene/people/demo.py; accounts that "
                    "already exist keep theirs. Details: convene demo -v 2"
                )
            )
        return "\n".join(out)
