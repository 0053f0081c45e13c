"""Every write of the programmes app (services raise the `convene.core.errors` family)."""

from convene.programmes.services.ambassadors import (
    ambassador_apply,
    ambassador_decide,
    facilitator_assign,
    round_create,
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
    "constraint_delete",
    "constraint_set",
    "conversation_host",
    "facilitator_assign",
    "grant_report_file",
    "member_request",
    "member_request_answer",
    "points_to_feedback",
    "proposal_create",
    "proposal_transition",
    "report_file",
    "reports_remind",
    "review_save",
    "round_create",
    "transition_check",
    "translation_set_status",
    "translation_take",
]
