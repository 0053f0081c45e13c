"""Notes imports, wiki publications and per-event announcement settings.

Thin: fields, constraints and indexes. Behaviour lives in services.py (writes),
queries.py (reads), wiki.py (talking to a MediaWiki) and tasks.py (background work).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoteImport(models.Model):
    """One import of notes into an event: who, when, what (by hash), and what it added.

    Re-importing the same notes is recorded too (with nothing added), so the event's
    history says that it was tried.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="note_imports")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField()
    source_sha256 = models.CharField(max_length=64)
    source_name = models.CharField(max_length=200, blank=True)
    fmt = models.CharField(_("format"), max_length=10)
    questions_added = models.PositiveIntegerField(default=0)
    answers_added = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("notes import")
        verbose_name_plural = _("notes imports")
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["event", "-imported_at"], name="notes_import_event")]

    def __str__(self) -> str:
        return f"import {self.pk} into event {self.event_id}"


class PublicationKind(models.TextChoices):
    NOTES = "notes", _("notes")
    ANNOUNCEMENT = "announcement", _("announcement")


class PublicationStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be published")
    SUCCEEDED = "succeeded", _("published")
    CONFLICT = "conflict", _("edit conflict")
    FAILED = "failed", _("failed")


class WikiPublication(models.Model):
    """One request to write an event's notes or announcement to a wiki page.

    ``content`` is what Convene writes (kept, so nothing is lost whatever the wiki
    answers); ``base_revid`` is the revision the organiser has seen, so that an edit
    made on the wiki since then is never overwritten: the wiki answers with a
    conflict, and ``wiki_text``/``wiki_revid`` keep what the page holds now for the diff.
    """

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="wiki_publications"
    )
    kind = models.CharField(max_length=20, choices=PublicationKind.choices)
    page = models.CharField(_("page"), max_length=255)
    section = models.CharField(
        _("section"), max_length=10, blank=True, help_text=_("section number; empty: whole page")
    )
    summary = models.CharField(_("edit summary"), max_length=500)
    as_bot = models.BooleanField(_("publish with the bot account"), default=False)
    content = models.TextField()
    base_revid = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.PENDING
    )
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    revision_url = models.URLField(max_length=500, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_text = models.TextField(blank=True)
    wiki_text = models.TextField(blank=True)
    wiki_revid = models.PositiveBigIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("wiki publication")
        verbose_name_plural = _("wiki publications")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["event", "-requested_at"], name="notes_pub_event"),
            models.Index(fields=["event", "page", "section", "status"], name="notes_pub_page"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.page} ({self.status})"


class Announcement(models.Model):
    """Where an event's announcement goes on the wiki, and when it is (re)written."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="wiki_announcement"
    )
    page = models.CharField(_("wiki page"), max_length=255)
    section = models.CharField(
        _("section"), max_length=10, blank=True, help_text=_("section number; empty: whole page")
    )
    post_on_publish = models.BooleanField(_("post the announcement now"), default=True)
    update_at_release = models.BooleanField(
        _("add the call link when it is released"), default=True
    )
    as_bot = models.BooleanField(_("publish with the bot account"), default=False)
    configured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The link release already announced on the wiki (so the sweep posts it once).
    link_synced_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("wiki announcement")
        verbose_name_plural = _("wiki announcements")
        indexes = [
            models.Index(fields=["update_at_release", "link_synced_at"], name="notes_ann_sync")
        ]

    def __str__(self) -> str:
        return f"announcement of event {self.event_id} on {self.page}"
