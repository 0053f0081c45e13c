"""The bodies a person may answer for: the organisations of the directory they belong
to (any role)."""

from django.db.models import QuerySet

from convene.core.types import Actor
from convene.directory.models import Organisation
from convene.directory.queries import person_organisations


def answer_bodies(*, user: Actor) -> QuerySet[Organisation]:
    """The active organisations `user` is a member of, by name (one query when read)."""
    return person_organisations(user=user)
