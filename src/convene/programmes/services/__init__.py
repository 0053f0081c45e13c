"""Every write of the programmes app (services raise the `convene.core.errors` family)."""

from convene.programmes.services.ambassadors import (
    ambassador_apply,
    ambassador_decide,
    ambassador_withdraw,
    facilitator_assign,
    round_create,
    round_update,
)
from convene.programmes.services.calls import (
    grant_programme_create,
    grant_programme_update,
    reviewers_by_username,
)
from convene.programmes.services.grants import (
    NEXT_STEP,
    TRANSITIONS,
    allowed_from,
    constraint_delete,
    constraint_set,
    grant_report_file,
    proposal_create,
    proposal_transition,
    review_save,
    transition_check,
)
from convene.programmes.services.receipts import receipt_check, receipts_add
from convene.programmes.services.reminders import reports_remind
from convene.programmes.services.work import (
    PointIn,
    conversation_host,
    member_request,
    member_request_answer,
    points_to_feedback,
    report_file,
    translation_set_status,
    translation_take,
)

__all__ = [
    "NEXT_STEP",
    "TRANSITIONS",
    "PointIn",
    "allowed_from",
    "ambassador_apply",
    "ambassador_decide",
    "ambassador_withdraw",
    "constraint_delete",
    "constraint_set",
    "conversation_host",
    "facilitator_assign",
    "grant_programme_create",
    "grant_programme_update",
    "grant_report_file",
    "member_request",
    "member_request_answer",
    "points_to_feedback",
    "proposal_create",
    "proposal_transition",
    "receipt_check",
    "receipts_add",
    "report_file",
    "reports_remind",
    "review_save",
    "reviewers_by_username",
    "round_create",
    "round_update",
    "transition_check",
    "translation_set_status",
    "translation_take",
]
