from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "convene.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from convene.core.panels import panel_register, panel_register_each
        from convene.events import panels

        panel_register("organisation", panels.hub_resources)
        panel_register_each("timeline_entry", panels.timeline_entry_resources)
