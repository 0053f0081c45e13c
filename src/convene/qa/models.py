"""Questions, votes, answers, follow-ups and comments, and the board that gathers them.

Thin: fields, constraints and indexes. Behaviour lives in services.py (writes) and
queries.py (reads). See MODELS.md for what the other apps may rely on.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TEXT_LIMIT = 1000
ANSWER_LIMIT = 10_000


class Board(models.Model):
    """Where questions are gathered: one event, or a whole series (one pool shared by all
    its editions). Created on the first write; until then the defaults below apply."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="qa_board"
    )
    series = models.OneToOneField(
        "events.Series", on_delete=models.CASCADE, null=True, blank=True, related_name="qa_board"
    )
    premoderation = models.BooleanField(
        _("questions wait for approval"), default=False, help_text=_("pre-moderation")
    )
    allow_anonymous = models.BooleanField(_("anonymous questions allowed"), default=False)
    closed_at = models.DateTimeField(_("closed for new questions"), null=True, blank=True)
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="moderated_qa_boards", blank=True
    )
    pinned = models.ForeignKey(
        "Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped by every change the board shows: the key of the cached snapshot.
    version = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question board")
        verbose_name_plural = _("question boards")
        constraints = [
            models.CheckConstraint(
                name="qa_board_event_or_series",
                condition=Q(event__isnull=False, series__isnull=True)
                | Q(event__isnull=True, series__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"board {self.pk} ({'series' if self.series_id else 'event'})"


class Kind(models.TextChoices):
    QUESTION = "question", _("question")
    COMMENT = "comment", _("comment")


class State(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    OPEN = "open", _("open")
    ANSWERED_LIVE = "answered_live", _("answered live")
    ANSWERED_WRITTEN = "answered_written", _("answered in writing")
    ANSWERED_ELSEWHERE = "answered_elsewhere", _("answered elsewhere")
    DEFERRED = "deferred", _("deferred")
    DECLINED = "declined", _("declined")
    MERGED = "merged", _("merged into another question")


class Question(models.Model):
    """A question, a follow-up (a question with a parent) or a comment (expects no answer)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="questions")
    # The edition where it was asked (for a series pool), or the board's own event.
    event = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    text = models.TextField(_("question"), max_length=TEXT_LIMIT)
    language = models.CharField(_("language"), max_length=16, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qa_questions",
    )
    # Shown as "anonymous" even when the author is known (they asked to be).
    anonymous = models.BooleanField(_("ask anonymously"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    hidden = models.BooleanField(_("hidden"), default=False)
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    answered_elsewhere = models.ForeignKey(
        "Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    vote_count = models.PositiveIntegerField(default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qa_assignments",
    )
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    # Order inside imported notes (0 for questions asked on the board).
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "created_at", "id"]
        indexes = [
            models.Index(fields=["board", "-vote_count", "created_at"], name="qa_q_board_votes"),
            models.Index(fields=["board", "-created_at"], name="qa_q_board_new"),
            models.Index(fields=["board", "state"], name="qa_q_board_state"),
            models.Index(fields=["author", "-created_at"], name="qa_q_author"),
            models.Index(fields=["assignee", "due_on"], name="qa_q_assignee"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """One person's vote on one question; the unique constraint makes voting idempotent."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qa_votes"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["question", "voter"], name="qa_one_vote_per_person")
        ]
        indexes = [models.Index(fields=["voter", "question"], name="qa_vote_voter")]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.question_id}"


class AnswerMode(models.TextChoices):
    LIVE = "live", _("live")
    WRITTEN = "written", _("in writing")


class Answer(models.Model):
    """An answer given by a person on behalf of a body ("MCDC", "Support staff")."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    by = models.CharField(
        _("on behalf of"), max_length=120, blank=True, help_text=_("e.g. MCDC, Support staff")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qa_answers",
    )
    # The body the answer was given for, when it is one in the directory (`by` then
    # holds its name as it was when answering).
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qa_answers",
        verbose_name=_("on behalf of (organisation)"),
    )
    text = models.TextField(_("answer"), max_length=ANSWER_LIMIT)
    mode = models.CharField(max_length=10, choices=AnswerMode.choices, default=AnswerMode.WRITTEN)
    # "See the previous answer": points at an earlier answer (or only says so, from notes).
    refers_to_previous = models.BooleanField(default=False)
    points_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="referenced_by"
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["position", "created_at", "id"]
        indexes = [models.Index(fields=["question", "position"], name="qa_answer_question")]

    def __str__(self) -> str:
        return self.text[:60]


class Term(models.Model):
    """The distinct words of a question, for similar-question search (same on every DB)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "question"], name="qa_term_unique")]
        indexes = [models.Index(fields=["question"], name="qa_term_question")]

    def __str__(self) -> str:
        return self.term


class Action(models.TextChoices):
    ASKED = "asked", _("asked")
    EDITED = "edited", _("edited")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    HIDDEN = "hidden", _("hidden")
    SHOWN = "shown", _("shown again")
    MERGED = "merged", _("merged")
    PINNED = "pinned", _("now answering")
    UNPINNED = "unpinned", _("no longer answering")
    STATE = "state", _("state changed")
    ANSWERED = "answered", _("answered")
    ASSIGNED = "assigned", _("assigned")
    CONFIGURED = "configured", _("board settings changed")


class LogEntry(models.Model):
    """What happened to a question or a board, and who did it."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="log")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["question", "at"], name="qa_log_question")]

    def __str__(self) -> str:
        return f"{self.action} {self.question_id}"
