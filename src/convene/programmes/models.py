"""The ambassador programme (rounds, ambassadors, hosted conversations, their reports,
translation assignments) and small grants (programmes, proposals, reviews, state
changes, reports) with the register of country constraints.

Thin: fields, constraints and indexes. Behaviour lives in `services` (writes) and `queries`
(reads). See MODELS.md for what other code may rely on.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from convene.programmes.storage import private_storage

TITLE_LIMIT = 200
TEXT_LIMIT = 10_000

# ------------------------------------------------------------------ ambassadors


class Activity(models.TextChoices):
    HOST = "host", _("host conversations")
    TRANSLATE = "translate", _("translate")
    CONSULT = "consult", _("consult the community")


class Round(models.Model):
    """A period of the ambassador programme with its commitments."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    conversations_required = models.PositiveIntegerField(_("conversations to host"), default=1)
    reports_required = models.BooleanField(_("a report per conversation"), default=True)
    report_due_days = models.PositiveIntegerField(_("days to file a report"), default=14)
    # Ambassadors' conversations are editions of this series (its organisers may add them).
    series = models.ForeignKey(
        "events.Series", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The charter whose chapters reports feed (ambassadors become its recorders).
    charter = models.ForeignKey(
        "consultations.Charter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("ambassador round")
        verbose_name_plural = _("ambassador rounds")

    def __str__(self) -> str:
        return self.title


class AmbassadorStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Ambassador(models.Model):
    """A person's application to a round, and (accepted) their ambassadorship."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ambassadors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ambassadorships"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AmbassadorStatus.choices,
        default=AmbassadorStatus.APPLIED,
    )  # fmt: skip
    languages = models.ManyToManyField("directory.Language", related_name="ambassadors")
    regions = models.ManyToManyField("directory.Region", related_name="ambassadors", blank=True)
    communities = models.ManyToManyField(
        "directory.Community", related_name="ambassadors", blank=True
    )
    activities = models.JSONField(_("activities"), default=list)
    motivation = models.TextField(_("motivation"))
    decision_message = models.TextField(_("decision message"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="ambassadors_facilitated",
    )  # fmt: skip
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_application_per_round")
        ]
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")

    def __str__(self) -> str:
        return f"{self.user} ({self.round})"


class RequestStatus(models.TextChoices):
    NONE = "", _("no request")
    REQUESTED = "requested", _("requested")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Conversation(models.Model):
    """An event an ambassador hosts for the programme, with its report due date and an
    optional request for a member of a body (a committee) to attend."""

    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.CASCADE, related_name="conversations"
    )
    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="programme_conversation"
    )
    community = models.ForeignKey(
        "directory.Community", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=35, blank=True)
    report_due_on = models.DateField(_("report due"))
    reminded_at = models.DateTimeField(null=True, blank=True)
    body = models.ForeignKey(
        "directory.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="conversation_requests", verbose_name=_("body asked to attend"),
    )  # fmt: skip
    request_status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.NONE, blank=True
    )
    request_message = models.TextField(blank=True)
    request_answer = models.TextField(blank=True)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hosted conversation")
        verbose_name_plural = _("hosted conversations")

    def __str__(self) -> str:
        return f"{self.event_id} ({self.ambassador_id})"


class Report(models.Model):
    """What came out of a hosted conversation or of a funded grant, in any language. Its
    points become consultation feedback."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, null=True, blank=True, related_name="report"
    )
    proposal = models.OneToOneField(
        "Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="report"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.TextField(_("summary"))
    language = models.CharField(_("language"), max_length=35, blank=True)
    receipts = models.TextField(
        _("notes on the receipts (private)"), blank=True,
        help_text=_("Seen by the applicant, reviewers and staff only."),
    )  # fmt: skip
    filed_at = models.DateTimeField()

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"report {self.pk}"


class Receipt(models.Model):
    """An uploaded receipt (a PDF or an image) of a grant report, kept in the private
    storage: only the applicant, the grant's reviewers and staff may download it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="receipt_files")
    file = models.FileField(storage=private_storage, upload_to="receipts/%Y/%m/", max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return self.name


class ReportPoint(models.Model):
    """One point of a report, about a chapter (or one paragraph), which became feedback."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="points")
    chapter = models.ForeignKey("consultations.Chapter", on_delete=models.CASCADE, related_name="+")
    paragraph_key = models.CharField(max_length=20, blank=True)
    text = models.TextField(_("point"))
    language = models.CharField(_("language"), max_length=35, blank=True)
    community = models.ForeignKey(
        "directory.Community", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    feedback = models.OneToOneField(
        "consultations.Feedback", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="report_point",
    )  # fmt: skip

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("assigned")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class TranslationAssignment(models.Model):
    """An ambassador takes a chapter version to translate into a language (the progress
    is consultations' translation status)."""

    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="assignments")
    version = models.ForeignKey("consultations.Version", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=35)
    status = models.CharField(
        max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"],
                condition=~models.Q(status="dropped"),
                name="one_translator_per_version_language",
            )
        ]

    # ------------------------------------------------------------------ grants

    def __str__(self) -> str:
        return f"{self.version_id} → {self.language}"


class GrantProgramme(models.Model):
    """A call for small-grant proposals: its rubric and how many approvals a decision needs."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    description = models.TextField(_("description"), blank=True)
    # Each criterion: a key and a label; reviewers score each from 1 to 5.
    rubric = models.JSONField(_("rubric"), default=list)
    threshold = models.PositiveIntegerField(_("approvals needed"), default=2)
    # ISO 4217 codes proposals may ask in, and the kinds of grant it funds (empty: any).
    currencies = models.JSONField(_("currencies"), default=list, blank=True)
    kinds = models.JSONField(_("kinds of grant"), default=list, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="grant_programmes_reviewed", blank=True
    )
    report_due_days = models.PositiveIntegerField(_("days to report after the end"), default=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("grant programme")
        verbose_name_plural = _("grant programmes")

    def __str__(self) -> str:
        return self.title


class GrantKind(models.TextChoices):
    HUB_PILOT = "hub_pilot", _("hub pilot")
    MEETUP = "meetup", _("meetup")
    EVENT = "event", _("event")
    TRANSLATION = "translation", _("translation")
    OTHER = "other", _("other")


class GrantState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
    AGREEMENT = "agreement", _("agreement signed")
    PAID = "paid", _("paid")
    REPORTED = "reported", _("reported")
    CLOSED = "closed", _("closed")


FUNDED_STATES = ("approved", "agreement", "paid", "reported", "closed")


class Proposal(models.Model):
    """A request for a small grant by a person or an organisation."""

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=GrantKind.choices)
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    summary = models.TextField(_("summary"), blank=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_proposals"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="grant_proposals", verbose_name=_("applying organisation"),
    )  # fmt: skip
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217"))
    # Each line: a label and an amount (a decimal string).
    budget_lines = models.JSONField(_("budget lines"), default=list, blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    hub = models.ForeignKey(
        "directory.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="grants_funding", verbose_name=_("hub it funds"),
    )  # fmt: skip
    event = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="grants"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=GrantState.choices, default=GrantState.DRAFT
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    report_due_on = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        # The lists read the newest in some states (the funded ones): by state, then date.
        indexes = [models.Index(fields=["state", "created_at"])]
        verbose_name = _("grant proposal")
        verbose_name_plural = _("grant proposals")

    def __str__(self) -> str:
        return self.title


class StateChange(models.Model):
    """One step of a proposal's life (the applicant sees them all)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(max_length=12, choices=GrantState.choices)
    to_state = models.CharField(max_length=12, choices=GrantState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("approve")
    DECLINE = "decline", _("decline")
    CONFLICT = "conflict", _("conflict of interest (excluded)")


class Review(models.Model):
    """A reviewer's scores against the rubric, private comment and recommendation; a
    declared conflict of interest excludes the reviewer from the proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_reviews"
    )
    scores = models.JSONField(default=dict, blank=True)
    comment = models.TextField(_("private comment"), blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="one_review_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id}: {self.recommendation}"


class ConstraintKind(models.TextChoices):
    BLOCKED = "blocked", _("disbursement blocked")
    DELAYED = "delayed", _("disbursement delayed")
    FISCAL_SPONSOR = "fiscal_sponsor", _("a fiscal sponsor is needed")
    SANCTIONS = "sanctions", _("sanctions review")


class CountryConstraint(models.Model):
    """A country-level constraint on paying grants, with what to do instead."""

    country = models.ForeignKey(
        "directory.Country", on_delete=models.CASCADE, related_name="grant_constraints"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ConstraintKind.choices)
    summary = models.TextField(_("what it means"))
    what_to_do = models.TextField(_("what to do instead"))
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["country_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["country", "kind"], name="one_constraint_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.country_id}: {self.kind}"
