import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What a person tells Convene about themselves. Created with the account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, blank=True, help_text=_("IANA name, e.g. Asia/Kathmandu")
    )
    language = models.CharField(
        _("interface language"), max_length=16, blank=True, help_text=_("empty: the browser's")
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("BCP 47 codes")
    )
    home_wiki = models.CharField(
        _("home wiki"), max_length=200, blank=True, help_text=_("e.g. bn.wikipedia.org")
    )
    affiliations = models.TextField(_("affiliations"), blank=True)
    blocked = models.BooleanField(
        _("blocked"), default=False, help_text=_("a blocked person cannot sign in or post")
    )
    email_notices = models.BooleanField(
        _("e-mail my notices"), default=True, help_text=_("notices are always on the site")
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()

    @property
    def name(self) -> str:
        return self.display_name or self.user.get_username()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def authenticate(cls, key: str) -> Any:
        """The active, unblocked user owning `key`, or None."""
        token = (
            cls.objects.select_related("user", "user__profile")
            .filter(key_hash=cls.hash_key(key))
            .first()
        )
        if token is None or not token.user.is_active:
            return None
        profile = getattr(token.user, "profile", None)
        if profile is not None and profile.blocked:
            return None
        return token.user


class Notice(models.Model):
    """A message to one person, shown on the site and (unless they opted out) e-mailed.

    Written only by `people.notices.notice_send`, already in the recipient's language
    and zone. `kind` says which action sent it ("events.link_released", "qa.answered",
    …), for filtering and for tests.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=60)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when its e-mail is claimed for sending (once, whatever retries the queue makes).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="people_notice_unread"),
            models.Index(fields=["recipient", "-created_at"], name="people_notice_list"),
            models.Index(fields=["kind"], name="people_notice_kind"),
        ]

    def __str__(self) -> str:
        return self.subject
