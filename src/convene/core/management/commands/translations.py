"""`convene translations`: how complete each interface language's catalog is."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from convene.core.i18n import catalog_state, offered_languages


class Command(BaseCommand):
    help = "Print, per interface language, how much of its catalog is translated."

    def handle(self, *args: Any, **options: Any) -> None:
        offered = set(offered_languages())
        in_progress = set(settings.LANGUAGES_IN_PROGRESS)
        for code, name in settings.LANGUAGES:
            state = catalog_state(code)
            if code == settings.LANGUAGE_CODE:
                status = _("source language")
            elif code in in_progress:
                status = _("in progress, offered") if code in offered else _("in progress")
            else:
                status = _("shipped")
            self.stdout.write(
                _(
                    "%(code)s %(name)s: %(translated)s of %(total)s translated "
                    "(%(percent)s%%), %(fuzzy)s fuzzy — %(status)s"
                )
                % {
                    "code": code,
                    "name": name,
                    "translated": state.translated,
                    "total": state.total,
                    "percent": int(state.complete * 100),
                    "fuzzy": state.fuzzy,
                    "status": status,
                }
            )
