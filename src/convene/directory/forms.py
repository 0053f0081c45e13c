"""Forms: parse input into the services' input types; choices named in the reader's locale.

Countries and languages are search pickers (a text input resolved on the server, with
suggestions when scripts run), never drop-downs of hundreds of options."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convene.core.forms import QuickSelect, SearchField
from convene.directory import queries
from convene.directory.models import (
    CommunityKind,
    Formation,
    HubRoleKind,
    HubRoleStatus,
    Kind,
    Organisation,
    PersonRole,
    ScopeType,
    Stage,
)
from convene.directory.pickers import (
    communities_field,
    countries_field,
    country_field,
    organisation_field,
    organisations_field,
)
from convene.directory.services import PROPOSABLE_KINDS, CommunityInput, OrganisationInput
from convene.people.pickers import LanguageField, LanguagesField

NEW_DEFAULTS = {"kind": Kind.HUB, "scope_type": ScopeType.REGIONAL, "stage": Stage.IDEA}
PICK_SEVERAL = _("names or codes, separated by semicolons or commas")


def set_choices(form: forms.Form, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class FilterForm(forms.Form):
    """The directory's filters (GET). Invalid values are reported, not ignored."""

    q = SearchField(label=_("Search"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=QuickSelect)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=QuickSelect)
    country = country_field(label=_("Country"), required=False)
    language = LanguageField(label=_("Language"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False, widget=QuickSelect)
    stage = forms.ChoiceField(label=_("Stage"), required=False, widget=QuickSelect)
    legal = forms.ChoiceField(
        label=_("Legal entity"),
        required=False,
        widget=QuickSelect,
        choices=[("", _("any")), ("yes", _("yes")), ("no", _("no"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "kind",
            [
                *blank(_("any kind")),
                (
                    queries.AFFILIATE_FILTER,
                    _("affiliates (chapters, thematic organisations, user groups)"),
                ),
                *Kind.choices,
            ],
        )
        set_choices(
            self,
            "region",
            [
                *blank(_("any region")),
                *[(r.slug, r.name) for r in queries.regions_all()],
            ],
        )
        set_choices(self, "role", [*blank(_("any role")), *HubRoleKind.choices])
        set_choices(self, "stage", [*blank(_("any stage")), *Stage.choices])


class WhoServesForm(forms.Form):
    country = country_field(
        label=_("Country"), required=False, help_text=_("a name or a code, e.g. Bangladesh or BD")
    )
    language = LanguageField(
        label=_("Language"), required=False, help_text=_("a name or a code, e.g. Bangla or bn")
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    wiki_url = forms.URLField(label=_("Wiki page"), required=False, assume_scheme="https")
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    founded_on = forms.DateField(
        label=_("Founded"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recognised_on = forms.DateField(
        label=_("Recognised (as an affiliate)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    regions = forms.MultipleChoiceField(label=_("Regions"), required=False)
    countries = countries_field(label=_("Countries"), required=False, help_text=PICK_SEVERAL)
    languages = LanguagesField(label=_("Languages"), required=False, help_text=PICK_SEVERAL)
    communities = communities_field(
        label=_("Communities served"), required=False, help_text=PICK_SEVERAL
    )
    member_organisations = organisations_field(
        label=_("Member organisations"), required=False, help_text=PICK_SEVERAL
    )
    parent = organisation_field(label=_("Part of"), required=False)
    has_legal_entity = forms.BooleanField(label=_("Has a legal entity"), required=False)
    legal_jurisdiction = country_field(label=_("Legal jurisdiction"), required=False)
    scope_type = forms.ChoiceField(
        label=_("Hub scope"),
        required=False,
        choices=[*blank(_("— hubs only —")), *ScopeType.choices],
        help_text=_("A hub is regional, thematic or linguistic; other kinds leave this out."),
    )
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    formation = forms.ChoiceField(
        label=_("Formation"), required=False, choices=[*blank("—"), *Formation.choices]
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[*blank("—"), *Stage.choices]
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles it fills or intends to fill"),
        required=False,
        choices=[c for c in HubRoleKind.choices if c[0] != HubRoleKind.OTHER],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Recorded as intended; grantmaking needs a legal entity."),
    )
    accountable_to = forms.CharField(label=_("Accountable to"), max_length=300, required=False)
    accountable_to_organisation = organisation_field(
        label=_("Accountable to (organisation)"), required=False
    )

    def __init__(
        self, *args: Any, proposing: bool = False, new: bool = True, **kwargs: Any
    ) -> None:
        if new:
            # A new organisation starts as a regional hub idea, so the defaults agree.
            kwargs["initial"] = {**NEW_DEFAULTS, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        if not new:
            del self.fields["roles"]  # an organisation's roles are set on its page
        set_choices(self, "regions", [(r.slug, r.name) for r in queries.regions_all()])
        if proposing:
            set_choices(self, "kind", [(k.value, k.label) for k in PROPOSABLE_KINDS])
        self.fields["regions"].widget.attrs["size"] = 8

    @classmethod
    def initial_for(cls, org: Organisation) -> dict[str, Any]:
        return {
            "name": org.name,
            "short_name": org.short_name,
            "kind": org.kind,
            "description": org.description,
            "wiki_url": org.wiki_url,
            "website": org.website,
            "founded_on": org.founded_on,
            "recognised_on": org.recognised_on,
            "regions": [r.slug for r in org.regions.all()],
            "countries": [c.code for c in org.countries.all()],
            "languages": [lang.code for lang in org.languages.all()],
            "communities": [c.pk for c in org.communities.all()],
            "member_organisations": [m.pk for m in org.member_organisations.all()],
            "parent": org.parent_id,
            "has_legal_entity": org.has_legal_entity,
            "legal_jurisdiction": org.legal_jurisdiction_id or "",
            "scope_type": org.scope_type,
            "theme": org.theme,
            "formation": org.formation,
            "stage": org.stage,
            "accountable_to": org.accountable_to,
            "accountable_to_organisation": org.accountable_to_organisation_id,
        }

    def to_input(self) -> OrganisationInput:
        d = self.cleaned_data
        return OrganisationInput(
            name=d["name"],
            short_name=d["short_name"],
            kind=d["kind"],
            description=d["description"],
            wiki_url=d["wiki_url"],
            website=d["website"],
            founded_on=d["founded_on"],
            recognised_on=d["recognised_on"],
            regions=list(d["regions"]),
            countries=list(d["countries"]),
            languages=list(d["languages"]),
            communities=[int(pk) for pk in d["communities"]],
            member_organisations=[int(pk) for pk in d["member_organisations"]],
            parent_id=int(d["parent"]) if d["parent"] else None,
            has_legal_entity=d["has_legal_entity"],
            legal_jurisdiction=d["legal_jurisdiction"],
            scope_type=d["scope_type"],
            theme=d["theme"],
            formation=d["formation"],
            stage=d["stage"],
            accountable_to=d["accountable_to"],
            accountable_to_organisation_id=(
                int(d["accountable_to_organisation"]) if d["accountable_to_organisation"] else None
            ),
            roles=list(d.get("roles") or []),
        )


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CommunityKind.choices)
    projects = forms.CharField(
        label=_("Wiki projects"), required=False,
        help_text=_("one per line, e.g. bn.wikipedia.org"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    languages = LanguagesField(label=_("Languages"), required=False, help_text=PICK_SEVERAL)
    countries = countries_field(label=_("Countries"), required=False, help_text=PICK_SEVERAL)

    def to_input(self) -> CommunityInput:
        d = self.cleaned_data
        return CommunityInput(
            name=d["name"],
            kind=d["kind"],
            projects=[p.strip() for p in d["projects"].splitlines() if p.strip()],
            theme=d["theme"],
            description=d["description"],
            languages=list(d["languages"]),
            countries=list(d["countries"]),
        )


class HubRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=HubRoleKind.choices)
    other = forms.CharField(label=_("Other role"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=HubRoleStatus.choices)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    changed_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class RecognitionForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decided_by = forms.CharField(label=_("Decided by"), max_length=200)
    reference_url = forms.URLField(label=_("Reference"), required=False, assume_scheme="https")
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class MembershipForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    message = forms.CharField(
        label=_("Message to the proposer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A word to the coordinators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
