import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data the seed documents describe (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]

        def log(line: str) -> None:
            if verbosity > 0:
                self.stdout.write(line)

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
        log(self.style.SUCCESS("Demo data ready."))
