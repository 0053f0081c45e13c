"""Regions, countries, languages, communities, organisations (hubs among them).

Thin on purpose: rules live in services.py, reads in queries.py. Reference data
(countries, languages, who speaks what where) comes from pycountry and Babel/CLDR via
`convene directory_reference`; names are shown in the reader's locale with Babel, the
stored `name` is the English one, kept for searching and sorting.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    """An ISO 3166-1 country or territory."""

    code = models.CharField(
        _("code"), max_length=2, primary_key=True, help_text=_("ISO 3166-1 alpha-2")
    )
    name = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language, by BCP 47 code ("bn", "zh-Hant")."""

    code = models.CharField(_("code"), max_length=35, primary_key=True, help_text=_("BCP 47"))
    name = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name


class OfficialStatus(models.TextChoices):
    OFFICIAL = "official", _("official")
    OFFICIAL_REGIONAL = "official_regional", _("official in a region")
    DE_FACTO_OFFICIAL = "de_facto_official", _("de facto official")
    NONE = "", _("spoken")


class TerritoryLanguage(models.Model):
    """CLDR's territory-language data: who speaks what where, and with which status."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="spoken_languages")
    language = models.ForeignKey(Language, on_delete=models.CASCADE, related_name="territories")
    official_status = models.CharField(
        _("official status"), max_length=20, choices=OfficialStatus.choices, blank=True
    )
    population_percent = models.FloatField(_("share of the population (%)"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "language"], name="directory_territorylanguage_unique"
            )
        ]
        indexes = [
            models.Index(fields=["language", "official_status"], name="directory_tl_lang_status")
        ]
        verbose_name = _("language of a territory")
        verbose_name_plural = _("languages of territories")

    def __str__(self) -> str:
        return f"{self.country_id}:{self.language_id}"


class Region(models.Model):
    """One of the movement's eight (funding) regions, a named group of countries."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30)
    countries = models.ManyToManyField(Country, related_name="regions", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.short_name or self.name


class Status(models.TextChoices):
    """Where an organisation or community stands: proposals are not public until accepted."""

    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("listed")
    DECLINED = "declined", _("declined")


class CommunityKind(models.TextChoices):
    LANGUAGE = "language", _("language community")
    THEMATIC = "thematic", _("thematic community")


class Community(models.Model):
    """A volunteer community: a language community on wiki projects, or a thematic one."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CommunityKind.choices, default=CommunityKind.LANGUAGE
    )
    projects = models.JSONField(
        _("wiki projects"), default=list, blank=True, help_text=_("e.g. bn.wikipedia.org")
    )
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    languages = models.ManyToManyField(Language, related_name="communities", blank=True)
    countries = models.ManyToManyField(Country, related_name="communities", blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    CHAPTER = "chapter", _("chapter")
    THEMATIC_ORGANISATION = "thematic_organisation", _("thematic organisation")
    USER_GROUP = "user_group", _("user group")
    NON_AFFILIATED_GROUP = "non_affiliated_group", _("non-affiliated group")
    REGIONAL_COLLABORATIVE = "regional_collaborative", _("regional collaborative")
    HUB = "hub", _("hub")
    COMMITTEE = "committee", _("committee")
    DRAFTING_GROUP = "drafting_group", _("drafting group")
    STAFF_TEAM = "staff_team", _("staff team")
    FOUNDATION = "foundation", _("foundation")


AFFILIATE_KINDS = (Kind.CHAPTER, Kind.THEMATIC_ORGANISATION, Kind.USER_GROUP)


class ScopeType(models.TextChoices):
    REGIONAL = "regional", _("regional")
    THEMATIC = "thematic", _("thematic")
    LINGUISTIC = "linguistic", _("linguistic")


class Formation(models.TextChoices):
    ENHANCEMENT = "enhancement", _("enhancement of an existing entity")
    COLLABORATION = "collaboration", _("collaboration between affiliates")
    NEW_STRUCTURE = "new_structure", _("new structure")


class Stage(models.TextChoices):
    IDEA = "idea", _("idea")
    RESEARCH = "research", _("research")
    DISCUSSION = "discussion", _("discussion")
    PLANNING = "planning", _("planning")
    PILOT = "pilot", _("pilot")
    RECOGNISED = "recognised", _("recognised")


STAGE_ORDER = [s.value for s in Stage]


class Organisation(models.Model):
    """Any group with a name; a hub is an organisation of kind "hub" (hub fields below)."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    wiki_url = models.URLField(_("wiki page"), blank=True)
    website = models.URLField(_("website"), blank=True)
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    recognised_on = models.DateField(_("recognised"), null=True, blank=True)
    countries = models.ManyToManyField(Country, related_name="organisations", blank=True)
    regions = models.ManyToManyField(Region, related_name="organisations", blank=True)
    languages = models.ManyToManyField(Language, related_name="organisations", blank=True)
    has_legal_entity = models.BooleanField(_("legal entity"), default=False)
    legal_jurisdiction = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("legal jurisdiction"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    member_organisations = models.ManyToManyField(
        "self", symmetrical=False, related_name="member_of", blank=True
    )
    communities = models.ManyToManyField(
        Community, related_name="served_by", blank=True, verbose_name=_("communities served")
    )
    # Hub fields (blank for other kinds).
    scope_type = models.CharField(_("scope"), max_length=20, choices=ScopeType.choices, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    formation = models.CharField(
        _("formation"), max_length=20, choices=Formation.choices, blank=True
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    accountable_to = models.CharField(_("accountable to"), max_length=300, blank=True)
    accountable_to_organisation = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accountable_hubs",
        verbose_name=_("accountable to (organisation)"),
    )
    # Proposal flow.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_message = models.TextField(_("decision message"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "kind", "name"], name="directory_org_status_kind"),
            models.Index(fields=["status", "stage"], name="directory_org_status_stage"),
            models.Index(fields=["status", "name"], name="directory_org_status_name"),
            models.Index(fields=["has_legal_entity"], name="directory_org_legal"),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_hub(self) -> bool:
        return self.kind == Kind.HUB

    @property
    def is_affiliate(self) -> bool:
        return self.kind in AFFILIATE_KINDS

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class PersonRole(models.TextChoices):
    MEMBER = "member", _("member")
    COORDINATOR = "coordinator", _("coordinator")
    BOARD = "board", _("board member")
    CONTACT = "contact", _("contact")


class Membership(models.Model):
    """A person's role in an organisation; coordinators may edit the organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PersonRole.choices, default=PersonRole.MEMBER
    )
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="directory_membership_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "role"], name="directory_membership_user")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} of {self.organisation_id}"


class JoinStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class JoinRequest(models.Model):
    """A person asks to join an organisation; a coordinator (or staff) accepts or declines
    it with a message. Written by `services.membership_request` and `…_decide` only."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_join_requests"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=JoinStatus.choices, default=JoinStatus.PENDING
    )
    created_at = models.DateTimeField(_("asked"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_message = models.TextField(_("decision message"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(status="pending"),
                name="directory_joinrequest_one_pending",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="directory_join_org_status")
        ]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")

    def __str__(self) -> str:
        return f"{self.user_id} asks to join {self.organisation_id} ({self.status})"


class HubRoleKind(models.TextChoices):
    LEGAL_SUPPORT = "legal_support", _("legal support")
    GRANTMAKING = "grantmaking", _("resource allocation (grantmaking)")
    CAPACITY_BUILDING = "capacity_building", _("capacity building")
    COORDINATION = "coordination", _("inter-group coordination")
    TECHNOLOGY = "technology", _("technology development")
    MENTORSHIP = "mentorship", _("mentorship")
    EVALUATION = "evaluation", _("evaluation services")
    SAFETY = "safety", _("safety and security")
    OTHER = "other", _("other")


class HubRoleStatus(models.TextChoices):
    INTENDED = "intended", _("intended")
    ACTIVE = "active", _("active")


class HubRole(models.Model):
    """A role an organisation (usually a hub) fills or intends to fill."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="hub_roles"
    )
    role = models.CharField(_("role"), max_length=30, choices=HubRoleKind.choices)
    other = models.CharField(
        _("other role"), max_length=200, blank=True, help_text=_('when the role is "other"')
    )
    status = models.CharField(
        _("status"), max_length=20, choices=HubRoleStatus.choices, default=HubRoleStatus.INTENDED
    )

    class Meta:
        ordering = ["role", "other"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role", "other"], name="directory_hubrole_unique"
            )
        ]
        indexes = [models.Index(fields=["role", "status"], name="directory_hubrole_role")]
        verbose_name = _("hub role")
        verbose_name_plural = _("hub roles")

    def __str__(self) -> str:
        return (
            self.other if self.role == HubRoleKind.OTHER and self.other else self.get_role_display()
        )


class StageChange(models.Model):
    """One dated step of a hub's stage history (from → to)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    changed_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "id"]
        indexes = [models.Index(fields=["changed_on"], name="directory_stage_changed_on")]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.from_stage} → {self.to_stage} ({self.changed_on})"


class Recognition(models.Model):
    """The decision that makes a hub (or affiliate) officially recognised."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="recognition"
    )
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(
        _("decided by"), max_length=200, help_text=_("the body that decided")
    )
    reference_url = models.URLField(_("reference"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return f"{self.organisation_id} recognised {self.decided_on}"


class Change(models.Model):
    """What changed in the directory, by whom and when (written by services only)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"))
    action = models.CharField(_("action"), max_length=40)
    summary = models.CharField(_("summary"), max_length=500)
    changes = models.JSONField(
        _("fields changed"), default=dict, blank=True, help_text=_("{field: [before, after]}")
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-at"], name="directory_change_org"),
            models.Index(fields=["community", "-at"], name="directory_change_comm"),
        ]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return self.summary
