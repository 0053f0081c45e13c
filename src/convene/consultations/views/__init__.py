"""Consultation pages: the chapters, a chapter paragraph by paragraph (with feedback by
selecting a passage or choosing a paragraph), versions and their diff, a feedback item,
recording feedback on behalf of others, the drafting group's triage queue, translating,
publishing a version, and the synthesis with its exports.

Thin: parse with a form, call a service (which checks permission and refuses with the
`convene.core.errors` family) or a query, render. Every page works without JavaScript.
"""

from convene.consultations.views.chapters import chapter, give, index, paragraph
from convene.consultations.views.record import import_feedback, record
from convene.consultations.views.synthesis import (
    synthesis_csv,
    synthesis_json,
    synthesis_page,
    synthesis_wikitext,
)
from convene.consultations.views.translate import translate
from convene.consultations.views.triage import (
    feedback_detail,
    feedback_merge,
    feedback_triage,
    triage,
)
from convene.consultations.views.versions import (
    period_add,
    progress,
    publish,
    version,
    version_status,
    versions,
)

__all__ = [
    "chapter",
    "feedback_detail",
    "feedback_merge",
    "feedback_triage",
    "give",
    "import_feedback",
    "index",
    "paragraph",
    "period_add",
    "progress",
    "publish",
    "record",
    "synthesis_csv",
    "synthesis_json",
    "synthesis_page",
    "synthesis_wikitext",
    "translate",
    "triage",
    "version",
    "version_status",
    "versions",
]
