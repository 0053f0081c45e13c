"""A person's event settings: reminders opt-out and the private calendar feed's secret."""

from django.utils.translation import gettext as _

from convene.core.types import Actor
from convene.events.models import PersonSettings
from convene.events.services.common import require_person


def person_settings(user: Actor) -> PersonSettings:
    """The person's event settings (made on first use); refuses an anonymous visitor."""
    person = require_person(user, _("Sign in first."))
    settings_row, _created = PersonSettings.objects.get_or_create(user=person)
    return settings_row


def person_set_reminders(*, actor: Actor, enabled: bool) -> PersonSettings:
    row = person_settings(actor)
    row.reminders = enabled
    row.save(update_fields=["reminders"])
    return row


def feed_token_reset(*, actor: Actor) -> PersonSettings:
    """A new secret for the person's calendar feed; the old address stops working."""
    import secrets

    row = person_settings(actor)
    row.feed_token = secrets.token_urlsafe(24)
    row.save(update_fields=["feed_token"])
    return row
