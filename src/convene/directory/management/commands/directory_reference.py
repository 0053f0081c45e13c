from typing import Any

from django.core.management.base import BaseCommand

from convene.directory.reference import reference_load


class Command(BaseCommand):
    help = (
        "Load or refresh countries, languages (CLDR via Babel) and the eight regions (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reference_load()
        self.stdout.write(
            f"directory reference: {counts.countries} countries, {counts.languages} languages, "
            f"{counts.territory_languages} territory languages, {counts.regions} regions"
        )
