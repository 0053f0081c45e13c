"""Every write of the consultations app (services raise the `convene.core.errors` family)."""

from convene.consultations.services._common import chapter_by_slug, charter_by_slug
from convene.consultations.services.anchoring import givers_notify_changed, version_reanchor
from convene.consultations.services.chapters import (
    chapter_create,
    charter_ensure,
    period_create,
    period_delete,
    version_publish,
    version_set_status,
)
from convene.consultations.services.feedback import (
    feedback_give,
    feedback_record,
    period_check,
    question_tag,
    questions_tag,
    questions_tag_by_topic,
)
from convene.consultations.services.imports import survey_import, talk_page_import
from convene.consultations.services.translations import translation_save, translations_carry
from convene.consultations.services.triage import (
    feedback_merge,
    feedback_triage,
    feedback_unmerge,
)

__all__ = [
    "chapter_by_slug",
    "chapter_create",
    "charter_by_slug",
    "charter_ensure",
    "feedback_give",
    "feedback_merge",
    "feedback_record",
    "feedback_triage",
    "feedback_unmerge",
    "givers_notify_changed",
    "period_check",
    "period_create",
    "period_delete",
    "question_tag",
    "questions_tag",
    "questions_tag_by_topic",
    "survey_import",
    "talk_page_import",
    "translation_save",
    "translations_carry",
    "version_publish",
    "version_reanchor",
    "version_set_status",
]
