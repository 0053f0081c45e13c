"""Who may see and edit which organisation (the read side of the directory's permissions)."""

from django.db.models import Q

from convene.core.types import Actor
from convene.directory.models import (
    Membership,
    Organisation,
    PersonRole,
    Status,
)


def organisation_can_edit(*, viewer: Actor, organisation: Organisation) -> bool:
    """Staff edit anything; an organisation's coordinators edit their organisation."""
    if not viewer.is_authenticated:
        return False
    if viewer.is_staff:
        return True
    if organisation.status != Status.ACTIVE:
        return False
    prefetched = getattr(organisation, "_prefetched_objects_cache", {}).get("memberships")
    if prefetched is not None:
        return any(m.user_id == viewer.pk and m.role == PersonRole.COORDINATOR for m in prefetched)
    return Membership.objects.filter(
        organisation=organisation, user=viewer, role=PersonRole.COORDINATOR
    ).exists()


def visible_to(viewer: Actor) -> Q:
    if viewer.is_authenticated:
        if viewer.is_staff:
            return Q()
        return Q(status=Status.ACTIVE) | Q(proposed_by=viewer)
    return Q(status=Status.ACTIVE)
