"""Requests to join: what the organisation page offers the reader, and what waits for
its coordinators."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User

from convene.core.types import Actor
from convene.directory.models import JoinRequest, JoinStatus, Membership, Organisation, Status
from convene.directory.queries.permissions import organisation_can_edit


@dataclass(frozen=True)
class JoinState:
    open: bool  # a listed organisation takes requests
    signed_in: bool = False
    is_member: bool = False
    pending: JoinRequest | None = None
    requests: list[JoinRequest] = field(default_factory=list)  # for those who decide

    @property
    def can_ask(self) -> bool:
        return self.open and self.signed_in and not self.is_member and self.pending is None


def join_state(*, viewer: Actor, organisation: Organisation) -> JoinState:
    """No query for an anonymous reader; two for a person (three for one who decides)."""
    is_open = organisation.status == Status.ACTIVE
    if not isinstance(viewer, User) or not is_open:
        return JoinState(open=is_open)
    is_member = Membership.objects.filter(organisation=organisation, user=viewer).exists()
    pending = (
        None
        if is_member
        else JoinRequest.objects.filter(
            organisation=organisation, user=viewer, status=JoinStatus.PENDING
        ).first()
    )
    requests: list[JoinRequest] = []
    if organisation_can_edit(viewer=viewer, organisation=organisation):
        requests = list(
            JoinRequest.objects.filter(organisation=organisation, status=JoinStatus.PENDING)
            .select_related("user", "user__profile")
            .order_by("created_at", "id")
        )
    return JoinState(
        open=True, signed_in=True, is_member=is_member, pending=pending, requests=requests
    )


def join_request_for_decision(*, organisation: Organisation, pk: int) -> JoinRequest | None:
    """One request to join this organisation, or None."""
    return (
        JoinRequest.objects.select_related("user", "organisation")
        .filter(organisation=organisation, pk=pk)
        .first()
    )
