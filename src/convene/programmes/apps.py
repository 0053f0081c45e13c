from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "convene.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from convene.core.panels import panel_register
        from convene.programmes import panels

        panel_register("organisation", panels.hub_grants)
        panel_register("who_serves_country", panels.country_constraints)
