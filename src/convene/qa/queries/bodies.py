"""The bodies a person may answer for: the organisations of the directory they belong
to (any role). qa reads the directory's memberships; directory.queries has no query for
a person's organisations yet, so this one lives here."""

from django.db.models import QuerySet

from convene.core.types import Actor
from convene.directory.models import Organisation, Status
from convene.qa.queries.boards import signed_in


def answer_bodies(*, user: Actor) -> QuerySet[Organisation]:
    """The active organisations `user` is a member of, by name (one query when read)."""
    if not signed_in(user):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(status=Status.ACTIVE, memberships__user=user)
        .distinct()
        .order_by("name", "pk")
    )
