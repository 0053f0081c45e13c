"""Reads for questions and answers, with visibility applied, one module per purpose:
`boards` (which board, who moderates), `questions` (one question, threads, lists),
`board_page` (what the HTML board pages show), `snapshot` (the API's JSON snapshot,
cached), `similar` (questions like a text), `sorts` (what each board sort means).
Import from here: `from convene.qa import queries`.
"""

from convene.qa.payloads import author_name, iso
from convene.qa.queries.board_page import (
    BOARD_PAGE,
    Snapshot,
    board_frame,
    board_pinned,
    board_reader,
    board_snapshot,
    questions_public_page,
)
from convene.qa.queries.boards import (
    board_current,
    board_event_ids,
    board_is_open,
    board_of,
    can_moderate,
    event_with_board,
)
from convene.qa.queries.bodies import answer_bodies
from convene.qa.queries.questions import (
    Item,
    answered,
    export_items,
    flatten,
    items_from_notes,
    question_event,
    question_get,
    question_thread,
    questions_assigned,
    questions_from_notes,
    questions_unanswered,
    visible_questions,
)
from convene.qa.queries.similar import Similar, similar_questions
from convene.qa.queries.snapshot import (
    _LOCAL,
    SNAPSHOT_CACHE_S,
    public_item,
    snapshot_moderation,
    snapshot_personal,
    snapshot_public,
)
from convene.qa.queries.sorts import SORTS
from convene.qa.queries.targets import TARGETS_SHOWN, Target, answer_targets, merge_targets

__all__ = [
    "BOARD_PAGE",
    "SNAPSHOT_CACHE_S",
    "SORTS",
    "TARGETS_SHOWN",
    "_LOCAL",
    "Item",
    "Similar",
    "Snapshot",
    "Target",
    "answer_bodies",
    "answer_targets",
    "answered",
    "author_name",
    "board_current",
    "board_event_ids",
    "board_frame",
    "board_is_open",
    "board_of",
    "board_pinned",
    "board_reader",
    "board_snapshot",
    "can_moderate",
    "event_with_board",
    "export_items",
    "flatten",
    "iso",
    "items_from_notes",
    "merge_targets",
    "public_item",
    "question_event",
    "question_get",
    "question_thread",
    "questions_assigned",
    "questions_from_notes",
    "questions_public_page",
    "questions_unanswered",
    "similar_questions",
    "snapshot_moderation",
    "snapshot_personal",
    "snapshot_public",
    "visible_questions",
]
