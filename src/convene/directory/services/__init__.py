"""Writes for the directory: one function per action.

Every function checks permission (`NotSignedIn`/`NotAllowed` with a readable message),
validates (`Invalid` listing every field at fault, `Conflict` when the thing's state
forbids it; nothing saved), writes inside a transaction and records a `Change` (who,
when, what). Nothing here is pushed to live pages: the directory has no live views.

One module per purpose; every name callers use is importable from here:

- `organisations`: create, propose, update; accept or decline a proposal;
- `hubs`: roles, stages, recognition;
- `memberships`: people in organisations, and requests to join;
- `notify`: the notices decisions send (proposals, requests to join);
- `communities`: language and thematic communities;
- `rules`: the hub rules, checked before anything is saved;
- `inputs`: what callers hand in, and key lookups;
- `permissions`, `history`: who may write, and the `Change` each write records.
"""

from convene.directory.services.communities import (
    community_create,
    community_update,
)
from convene.directory.services.hubs import (
    hub_change_stage,
    hub_recognise,
    hub_remove_role,
    hub_set_role,
)
from convene.directory.services.inputs import (
    CommunityInput,
    OrganisationInput,
)
from convene.directory.services.memberships import (
    membership_add,
    membership_remove,
    membership_request,
    membership_request_decide,
)
from convene.directory.services.organisations import (
    PROPOSABLE_KINDS,
    organisation_create,
    organisation_propose,
    organisation_update,
    proposal_accept,
    proposal_decline,
)
from convene.directory.services.rules import (
    PILOT_INDEX,
)

__all__ = [
    "PILOT_INDEX",
    "PROPOSABLE_KINDS",
    "CommunityInput",
    "OrganisationInput",
    "community_create",
    "community_update",
    "hub_change_stage",
    "hub_recognise",
    "hub_remove_role",
    "hub_set_role",
    "membership_add",
    "membership_remove",
    "membership_request",
    "membership_request_decide",
    "organisation_create",
    "organisation_propose",
    "organisation_update",
    "proposal_accept",
    "proposal_decline",
]
