"""Writes for questions and answers, one module per purpose: `boards` (settings,
moderators), `asking` (ask, vote), `moderation` (approve, decline, hide, state, merge,
pin, and `question_moderate`), `answers` (answer, assign), `notes` (import from notes);
`rules` (the checks every write makes) and `effects` (log, index, announce, notify).

Every function checks permission and input and raises one of `convene.core.errors`
(Invalid with the field, NotSignedIn, NotAllowed, NotFound, Conflict, TooMany with
`retry_after`), so that views, the API and commands refuse the same way. Writes happen in
a transaction, are logged (LogEntry), and are announced on the board's live channels
after the commit. Import from here: `from convene.qa import services`.
"""

from convene.qa.payloads import question_data
from convene.qa.services.answers import can_answer, question_answer, question_assign
from convene.qa.services.asking import question_ask, question_unvote, question_vote
from convene.qa.services.boards import (
    board_add_moderator,
    board_configure,
    board_ensure,
    board_set_open,
)
from convene.qa.services.moderation import (
    MODERATION_ACTIONS,
    question_approve,
    question_decline,
    question_edit,
    question_merge,
    question_moderate,
    question_pin,
    question_set_hidden,
    question_set_state,
)
from convene.qa.services.notes import notes_extend, notes_import
from convene.qa.services.rules import BY_LIMIT, LANGUAGE_LIMIT, REASON_LIMIT, TOPIC_LIMIT

__all__ = [
    "BY_LIMIT",
    "LANGUAGE_LIMIT",
    "MODERATION_ACTIONS",
    "REASON_LIMIT",
    "TOPIC_LIMIT",
    "board_add_moderator",
    "board_configure",
    "board_ensure",
    "board_set_open",
    "can_answer",
    "notes_extend",
    "notes_import",
    "question_answer",
    "question_approve",
    "question_ask",
    "question_assign",
    "question_data",
    "question_decline",
    "question_edit",
    "question_merge",
    "question_moderate",
    "question_pin",
    "question_set_hidden",
    "question_set_state",
    "question_unvote",
    "question_vote",
]
