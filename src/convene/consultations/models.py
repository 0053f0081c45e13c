"""A charter, its chapters and their versions, paragraphs and translations; consultation
periods; feedback from every channel and where each item sits in every version.

Thin: fields, constraints and indexes. Behaviour lives in `services` (writes) and `queries`
(reads). See MODELS.md for what the other apps may rely on.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TITLE_LIMIT = 200
FEEDBACK_LIMIT = 10_000
QUOTE_LIMIT = 2_000
VERSION_TEXT_LIMIT = 1_000_000


class Charter(models.Model):
    """The document under consultation; its committee may create chapters."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    committee = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="charters",
        verbose_name=_("committee"),
    )
    # People named to enter feedback on behalf of others (ambassadors, facilitators), on
    # top of the drafting groups, the committee and event organisers.
    recorders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="charters_recording"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("charter")
        verbose_name_plural = _("charters")

    def __str__(self) -> str:
        return self.title


class Chapter(models.Model):
    """A part of a charter with a stable identity (its slug), an order and a drafting group."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="chapters")
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    order = models.PositiveIntegerField(_("order"), default=0)
    drafting_group = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chapters_drafted",
        verbose_name=_("drafting group"),
    )
    # The last paragraph key handed out ("p1", "p2", ...): keys are never reused.
    key_counter = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "title"]
        indexes = [models.Index(fields=["charter", "order"], name="consult_chapter_order")]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for feedback")
    CLOSED = "closed", _("closed")
    SUPERSEDED = "superseded", _("superseded")
    FINAL = "final", _("final")


class TextFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    WIKITEXT = "wikitext", _("wikitext")


class ReanchorState(models.TextChoices):
    NONE = "", _("nothing to carry")
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("carrying feedback")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Version(models.Model):
    """One draft of a chapter: its text, split into paragraphs with inherited keys."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=TITLE_LIMIT)
    published_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.OPEN
    )
    format = models.CharField(
        _("format"), max_length=10, choices=TextFormat.choices, default=TextFormat.MARKDOWN
    )
    source_text = models.TextField(_("text"))
    # Where the text came from ("pasted", a file name, a wiki page's URL).
    source = models.CharField(_("source"), max_length=500, blank=True)
    # Keys of the previous version not carried to this one, and old key -> the key of the
    # paragraph its text was merged into.
    removed_keys = models.JSONField(default=list, blank=True)
    merged_into = models.JSONField(default=dict, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    # Carrying the feedback of earlier versions to this one (in the background).
    reanchor_state = models.CharField(
        max_length=10, choices=ReanchorState.choices, default=ReanchorState.NONE, blank=True
    )
    reanchor_total = models.PositiveIntegerField(default=0)
    reanchor_done = models.PositiveIntegerField(default=0)
    reanchor_finished_at = models.DateTimeField(null=True, blank=True)
    # When givers of feedback on changed paragraphs were told (once per version).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["chapter", "number"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "number"], name="consult_version_unique")
        ]
        indexes = [models.Index(fields=["chapter", "status"], name="consult_version_status")]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.chapter} — {self.label}"


class ParagraphKind(models.TextChoices):
    HEADING = "heading", _("heading")
    PARAGRAPH = "paragraph", _("paragraph")
    LIST = "list", _("list")
    QUOTE = "quote", _("quote")
    CODE = "code", _("code")
    TABLE = "table", _("table")


class Change(models.TextChoices):
    SAME = "same", _("unchanged")
    EDITED = "edited", _("edited")
    NEW = "new", _("new")


class Paragraph(models.Model):
    """One block of a version; `key` is stable across versions (inherited)."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField(max_length=20)
    position = models.PositiveIntegerField()  # from 1, headings included
    kind = models.CharField(max_length=10, choices=ParagraphKind.choices)
    level = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    change = models.CharField(max_length=8, choices=Change.choices)
    # The old key this paragraph was split from (it did not keep that key), if any.
    split_from = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="consult_para_key"),
            models.UniqueConstraint(fields=["version", "position"], name="consult_para_position"),
        ]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")

    def __str__(self) -> str:
        return f"{self.key}: {self.text[:60]}"


class Translation(models.Model):
    """A version in one language, paragraph by paragraph, by people."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=16)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["version", "language"]
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="consult_translation")
        ]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.version} [{self.language}]"


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    IN_PROGRESS = "in_progress", _("in progress")
    OUTDATED = "outdated", _("outdated")
    DONE = "done", _("done")


class ParagraphTranslation(models.Model):
    """One paragraph of a translation (a paragraph without a row is missing)."""

    translation = models.ForeignKey(
        Translation, on_delete=models.CASCADE, related_name="paragraphs"
    )
    key = models.CharField(max_length=20)
    text = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=TranslationStatus.choices, default=TranslationStatus.IN_PROGRESS
    )
    # The source paragraph's text this translation was made from (to show what changed).
    source_text = models.TextField(blank=True)
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["translation", "key"], name="consult_para_translation")
        ]
        indexes = [
            models.Index(fields=["translation", "status"], name="consult_ptrans_status"),
        ]
        verbose_name = _("paragraph translation")
        verbose_name_plural = _("paragraph translations")

    def __str__(self) -> str:
        return f"{self.key}: {self.status}"


class ConsultationPeriod(models.Model):
    """Dates (inclusive, UTC) during which a charter's chapters (or one chapter) take feedback."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="periods")
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, null=True, blank=True, related_name="periods"
    )  # null: every chapter of the charter
    title = models.CharField(_("title"), max_length=TITLE_LIMIT, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["starts_on"]
        indexes = [
            models.Index(fields=["charter", "starts_on"], name="consult_period_charter"),
            models.Index(fields=["chapter", "starts_on"], name="consult_period_chapter"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="consult_period_order"
            )
        ]
        verbose_name = _("consultation period")
        verbose_name_plural = _("consultation periods")

    def __str__(self) -> str:
        return f"{self.starts_on} - {self.ends_on}"


class Theme(models.Model):
    """A theme the drafting group tags feedback with (per charter)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField(max_length=100)
    name = models.CharField(_("name"), max_length=TITLE_LIMIT)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "slug"], name="consult_theme_unique")
        ]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    WEB = "web", _("web")
    SESSION = "session", _("session")
    REGIONAL_CONVERSATION = "regional_conversation", _("regional conversation")
    AMBASSADOR_REPORT = "ambassador_report", _("ambassador's report")
    EMAIL = "email", _("e-mail")
    SURVEY = "survey", _("survey")
    TALK_PAGE = "talk_page", _("talk page")
    QUESTION = "question", _("question on a board")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("new")
    CONSIDERING = "considering", _("under consideration")
    ADOPTED = "adopted", _("adopted")
    PARTLY = "partly", _("partly adopted")
    NOT_ADOPTED = "not_adopted", _("not adopted")


class Feedback(models.Model):
    """One point made about a chapter, a paragraph or a passage, through a channel."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="feedback")
    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="feedback_given"
    )  # the version it was given on
    paragraph_key = models.CharField(max_length=20, blank=True)  # "" = the whole chapter
    quote = models.CharField(_("quote"), max_length=QUOTE_LIMIT, blank=True)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(_("feedback"), max_length=FEEDBACK_LIMIT)
    language = models.CharField(_("language"), max_length=16, blank=True)
    region = models.ForeignKey(
        "directory.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    community = models.ForeignKey(
        "directory.Community",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )
    channel = models.CharField(_("channel"), max_length=24, choices=Channel.choices)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_feedback",
    )
    question = models.ForeignKey(
        "qa.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_feedback",
    )
    # Where it came from, in words: a survey file and row, an e-mail's subject, a report.
    source = models.CharField(_("source"), max_length=500, blank=True)
    # Who gave it: a signed-in person, or a name (and contact) it was entered for.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_feedback",
    )
    on_behalf_name = models.CharField(_("given by"), max_length=200, blank=True)
    on_behalf_contact = models.CharField(_("contact"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    given_at = models.DateTimeField(_("given"))  # when it was said (a talk page's signature)
    created_at = models.DateTimeField()
    # Triage.
    status = models.CharField(
        _("status"), max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    status_reason = models.TextField(_("reason"), blank=True)
    adopted_in = models.ForeignKey(
        Version, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback_adopted"
    )
    adopted_key = models.CharField(max_length=20, blank=True)  # the paragraph it changed
    themes = models.ManyToManyField(Theme, blank=True, related_name="feedback")
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        indexes = [
            models.Index(fields=["chapter", "-given_at"], name="consult_fb_chapter"),
            models.Index(fields=["chapter", "status"], name="consult_fb_status"),
            models.Index(fields=["chapter", "channel"], name="consult_fb_channel"),
            models.Index(fields=["chapter", "language"], name="consult_fb_language"),
            models.Index(fields=["chapter", "region"], name="consult_fb_region"),
            models.Index(fields=["chapter", "community"], name="consult_fb_community"),
            models.Index(fields=["chapter", "paragraph_key"], name="consult_fb_paragraph"),
            models.Index(fields=["version"], name="consult_fb_version"),
            models.Index(fields=["adopted_in", "adopted_key"], name="consult_fb_adopted"),
            models.Index(fields=["author", "-given_at"], name="consult_fb_author"),
            models.Index(fields=["merged_into"], name="consult_fb_merged"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "question"],
                condition=Q(question__isnull=False),
                name="consult_fb_question_once",
            )
        ]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def giver_name(self) -> str:
        if self.on_behalf_name:
            return self.on_behalf_name
        if self.author is not None:
            return self.author.get_username()
        return ""


class PlacementState(models.TextChoices):
    EXACT = "exact", _("exact")
    FUZZY = "fuzzy", _("approximate")
    PARAGRAPH = "paragraph", _("on its paragraph")
    ORPHANED = "orphaned", _("orphaned")
    CHAPTER = "chapter", _("about the chapter")


class FeedbackPlacement(models.Model):
    """Where one feedback item sits in one version (one row per item per version)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="placements")
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="placements")
    state = models.CharField(max_length=10, choices=PlacementState.choices)
    paragraph_key = models.CharField(max_length=20, blank=True)
    position = models.PositiveIntegerField(null=True, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)  # the quote's offset in it

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "version"], name="consult_placement_once")
        ]
        indexes = [
            models.Index(fields=["version", "paragraph_key"], name="consult_pl_paragraph"),
            models.Index(fields=["version", "state"], name="consult_pl_state"),
            models.Index(fields=["version", "position"], name="consult_pl_position"),
        ]
        verbose_name = _("feedback placement")
        verbose_name_plural = _("feedback placements")

    def __str__(self) -> str:
        return f"{self.feedback_id} in {self.version_id}: {self.state} {self.paragraph_key}"
