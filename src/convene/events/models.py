"""Events, series of editions, registrations, comments. Thin: fields and rules
the database enforces; behaviour lives in services.py and queries.py."""

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

DEFAULT_LINK_LEAD = dt.timedelta(hours=48)
DEFAULT_REMINDERS = [2880, 60]  # minutes before the start: 48 h and 1 h


class Kind(models.TextChoices):
    SESSION = "session", _("session")
    AMA = "ama", _("Ask Me Anything")
    CONVERSATION = "conversation", _("conversation")
    WORKSHOP = "workshop", _("workshop")
    DIALOGUE = "dialogue", _("dialogue")
    CONFERENCE = "conference", _("conference")
    MEETUP = "meetup", _("meetup")
    OFFICE_HOURS = "office_hours", _("office hours")


class Format(models.TextChoices):
    ONLINE = "online", _("online")
    IN_PERSON = "in_person", _("in person")
    HYBRID = "hybrid", _("hybrid")


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("everyone")
    REGISTERED = "registered", _("registered participants only")


class Series(models.Model):
    """Several editions of the same event, for different time zones or regions."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SESSION)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown"))
    organisers = models.ManyToManyField(
        "directory.Organisation", related_name="event_series", blank=True
    )
    organisers_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organised_series", blank=True
    )
    # What every edition the planner creates starts with (an edition may change its own).
    languages = models.ManyToManyField(
        "directory.Language", related_name="series", blank=True, verbose_name=_("languages")
    )
    interpretation_languages = models.ManyToManyField(
        "directory.Language",
        related_name="interpreted_series",
        blank=True,
        verbose_name=_("interpretation into"),
    )
    recording_policy = models.CharField(_("recording"), max_length=300, blank=True)
    link_lead = models.DurationField(_("link shown before the start"), default=DEFAULT_LINK_LEAD)
    link_audience = models.CharField(
        _("link shown to"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    """One event, or one edition of a series. Either timed (`starts_at`/`ends_at`, UTC)
    or a date range (`start_date`/`end_date`, inclusive, shown as dates in every zone)."""

    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="editions"
    )
    edition_label = models.CharField(
        _("edition"), max_length=120, blank=True, help_text=_("e.g. Asia-Pacific")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SESSION)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown"))
    organisers = models.ManyToManyField(
        "directory.Organisation", related_name="organised_events", blank=True
    )
    organisers_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organised_events", blank=True
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    timezone = models.CharField(
        _("planned in time zone"), max_length=64, default="UTC", help_text=_("IANA name")
    )
    # For ordering and "upcoming/past" across timed and all-day events (UTC midnights).
    sort_start = models.DateTimeField(editable=False)
    sort_end = models.DateTimeField(editable=False)
    format = models.CharField(
        _("format"), max_length=12, choices=Format.choices, default=Format.ONLINE
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    languages = models.ManyToManyField(
        "directory.Language", related_name="events", blank=True, verbose_name=_("languages")
    )
    interpretation_languages = models.ManyToManyField(
        "directory.Language",
        related_name="interpreted_events",
        blank=True,
        verbose_name=_("interpretation into"),
    )
    recording_policy = models.CharField(
        _("recording"),
        max_length=300,
        blank=True,
        help_text=_("e.g. the presentation is recorded, the conversation is not"),
    )
    hubs = models.ManyToManyField(
        "directory.Organisation",
        related_name="events_about",
        blank=True,
        verbose_name=_("topics: hubs and organisations"),
    )
    regions = models.ManyToManyField(
        "directory.Region", related_name="events", blank=True, verbose_name=_("regions targeted")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    call_link = models.URLField(_("call link"), max_length=500, blank=True)
    link_lead = models.DurationField(_("link shown before the start"), default=DEFAULT_LINK_LEAD)
    link_release_at = models.DateTimeField(_("link shown from"), null=True, blank=True)
    link_audience = models.CharField(
        _("link shown to"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE
    )
    link_released_at = models.DateTimeField(null=True, blank=True, editable=False)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("empty: no limit")
    )
    reminder_offsets = models.JSONField(_("reminders (minutes before)"), default=list, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    is_sample = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["sort_start", "id"]
        indexes = [
            # sort_end in the index: "upcoming" walks it from the ongoing window's start and
            # skips the sessions that ended without reading their rows.
            models.Index(fields=["sort_start", "id", "sort_end"], name="events_start_id_end"),
            models.Index(fields=["sort_end", "sort_start"], name="events_end_start"),
            # The filters' indexes hold sort_end too, and kind with format is one index:
            # a filtered list walks only matching rows, however many events there are.
            models.Index(
                fields=["kind", "sort_start", "id", "sort_end"], name="events_kind_start_end"
            ),
            models.Index(
                fields=["format", "sort_start", "id", "sort_end"], name="events_format_start_end"
            ),
            models.Index(
                fields=["kind", "format", "sort_start", "id", "sort_end"],
                name="events_kind_format_start",
            ),
            models.Index(fields=["series", "sort_start"], name="events_series_start"),
            models.Index(fields=["link_released_at", "link_release_at"], name="events_release"),
        ]
        constraints = [
            models.CheckConstraint(
                name="events_timed_or_dated",
                condition=(
                    Q(starts_at__isnull=False, ends_at__isnull=False, start_date__isnull=True)
                    & Q(end_date__isnull=True)
                )
                | (
                    Q(starts_at__isnull=True, ends_at__isnull=True, start_date__isnull=False)
                    & Q(end_date__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="events_end_after_start",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
            ),
            models.CheckConstraint(
                name="events_last_day_after_first",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_all_day(self) -> bool:
        return self.starts_at is None

    @property
    def display_title(self) -> str:
        return f"{self.title} — {self.edition_label}" if self.edition_label else self.title

    # Django's get_FOO_display hashes every (lazy, so translated) label of the field's
    # choices on each call; a list shows three of them per card. Same text, one lookup.
    def get_kind_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(Kind, self.kind)

    def get_format_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(Format, self.format)

    def get_status_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(Status, self.status)


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """`value`'s label in the active language (the value itself when it is not one)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("registered")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    # Waiting-list order: the time of the latest (re-)registration.
    queued_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_registration")
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="events_reg_queue"),
            models.Index(fields=["user", "status"], name="events_reg_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event} ({self.status})"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class PersonSettings(models.Model):
    """A person's event settings: reminders on or off, the secret of their calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_settings"
    )
    reminders = models.BooleanField(_("send me reminders"), default=True)
    feed_token = models.CharField(max_length=64, unique=True, default=_new_token)

    class Meta:
        verbose_name = _("event settings")
        verbose_name_plural = _("event settings")

    def __str__(self) -> str:
        return f"{self.user}"


class ReminderSent(models.Model):
    """One reminder sent to one registrant; the unique constraint makes sending once."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    offset_minutes = models.PositiveIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "offset_minutes"], name="events_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.offset_minutes} min"


class ChangeTold(models.Model):
    """One registrant told of one change of an event (the event's `sequence` after it).

    The background task that tells registrants of a change writes this row with each
    notice, in one transaction; the unique constraint makes a retried task skip those
    already told, so each person gets one notice per change.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    change = models.PositiveIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    told_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "change", "user"], name="events_change_told_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}#{self.change}: {self.user_id}"


class Comment(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField()
    hidden = models.BooleanField(default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reports = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="reported_event_comments", blank=True
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "created_at"], name="events_comment_event")]

    def __str__(self) -> str:
        return self.body[:60]


class ResourceKind(models.TextChoices):
    RECORDING = "recording", _("recording")
    VIDEO = "video", _("video")
    SLIDES = "slides", _("slides")
    FINDINGS = "findings", _("findings summary")
    REPORT = "report", _("report")
    DRAFT = "draft", _("draft")


# What a resource may belong to: exactly one of these is set.
RESOURCE_OWNERS = ("event", "series", "hub", "stage_change")


def _exactly_one(fields: tuple[str, ...]) -> Q:
    condition = Q()
    for chosen in fields:
        condition |= Q(**{f"{field}__isnull": field != chosen for field in fields})
    return condition


class Resource(models.Model):
    """Something to watch or read that belongs to an event, a series, a hub or a timeline
    entry (a hub's stage change): a recording, a video, slides, a findings summary, a
    report, a draft. Either a link or an uploaded file. A translation points at the
    resource it translates (`translation_of`), so that the versions of one resource are
    listed together."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="resources"
    )
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, null=True, blank=True, related_name="resources"
    )
    hub = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hub_resources",
    )
    # A timeline entry: a dated step of a hub's stage history.
    stage_change = models.ForeignKey(
        "directory.StageChange",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    languages = models.ManyToManyField(
        "directory.Language",
        related_name="event_resources",
        blank=True,
        verbose_name=_("languages"),
    )
    published_on = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="resources/%Y/%m/", max_length=300, blank=True)
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["published_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="events_resource_has_one_owner", condition=_exactly_one(RESOURCE_OWNERS)
            ),
            models.CheckConstraint(
                name="events_resource_link_or_file", condition=~Q(url="", file="")
            ),
        ]

    def __str__(self) -> str:
        return self.title
