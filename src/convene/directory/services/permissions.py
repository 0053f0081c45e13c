"""Who may write: each check returns the signed-in person or refuses (`NotSignedIn`,
`NotAllowed`).
"""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from convene.core.errors import NotAllowed, NotSignedIn
from convene.core.types import Actor
from convene.directory import queries
from convene.directory.models import (
    Organisation,
)


def require_signed_in(actor: Actor) -> User:
    if not isinstance(actor, User) or not actor.is_authenticated:
        raise NotSignedIn(_("Sign in to do that."))
    return actor


def require_staff(actor: Actor) -> User:
    person = require_signed_in(actor)
    if not person.is_staff:
        raise NotAllowed(_("Only staff may do that."))
    return person


def require_editor(actor: Actor, organisation: Organisation) -> User:
    person = require_signed_in(actor)
    if not queries.organisation_can_edit(viewer=person, organisation=organisation):
        raise NotAllowed(_("Only staff and the organisation's coordinators may edit it."))
    return person
