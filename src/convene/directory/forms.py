"""Forms: parse input into the services' input types; choices named in the reader's locale."""

from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from convene.core.forms import SearchField
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
from convene.directory.services import PROPOSABLE_KINDS, CommunityInput, OrganisationInput


class _FastOptions:
    """Renders options by joining strings: Django's default widget renders a template per
    option, which costs tens of milliseconds for the 1,100 countries and languages."""

    allow_multiple_selected: bool
    choices: Any
    attrs: dict[str, Any]

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)  # type: ignore[attr-defined]
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        values = value if isinstance(value, list | tuple) else [value]
        chosen = {str(v) for v in values if v is not None}
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if str(v) in chosen else ""}>'
            f"{escape(label)}</option>"
            for v, label in self.choices
        )
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")  # noqa: S308 - escaped above


class FastSelect(_FastOptions, forms.Select):
    pass


class FastSelectMultiple(_FastOptions, forms.SelectMultiple):
    pass


def set_choices(form: forms.Form, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class FilterForm(forms.Form):
    """The directory's filters (GET). Invalid values are reported, not ignored."""

    q = SearchField(label=_("Search"))
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=FastSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=FastSelect)
    role = forms.ChoiceField(label=_("Role"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    legal = forms.ChoiceField(
        label=_("Legal entity"),
        required=False,
        choices=[("", _("any")), ("yes", _("yes")), ("no", _("no"))],
    )

    def __init__(self, *args: Any, reader_language: str, **kwargs: Any) -> None:
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
        set_choices(
            self,
            "country",
            [
                *blank(_("any country")),
                *queries.countries_choices(language=reader_language),
            ],
        )
        set_choices(
            self,
            "language",
            [
                *blank(_("any language")),
                *queries.languages_choices(language=reader_language),
            ],
        )
        set_choices(self, "role", [*blank(_("any role")), *HubRoleKind.choices])
        set_choices(self, "stage", [*blank(_("any stage")), *Stage.choices])


class WhoServesForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False, widget=FastSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=FastSelect)

    def __init__(self, *args: Any, reader_language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "country",
            [
                *blank(_("— choose a country —")),
                *queries.countries_choices(language=reader_language),
            ],
        )
        set_choices(
            self,
            "language",
            [
                *blank(_("— choose a language —")),
                *queries.languages_choices(language=reader_language),
            ],
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
    countries = forms.MultipleChoiceField(
        label=_("Countries"), required=False, widget=FastSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=FastSelectMultiple
    )
    communities = forms.TypedMultipleChoiceField(
        label=_("Communities served"), required=False, coerce=int
    )
    member_organisations = forms.TypedMultipleChoiceField(
        label=_("Member organisations"), required=False, coerce=int
    )
    parent = forms.TypedChoiceField(
        label=_("Part of"), required=False, coerce=int, empty_value=None
    )
    has_legal_entity = forms.BooleanField(label=_("Has a legal entity"), required=False)
    legal_jurisdiction = forms.ChoiceField(
        label=_("Legal jurisdiction"), required=False, widget=FastSelect
    )
    scope_type = forms.ChoiceField(
        label=_("Hub scope"),
        required=False,
        choices=[*blank(_("— not a hub —")), *ScopeType.choices],
    )
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    formation = forms.ChoiceField(
        label=_("Formation"), required=False, choices=[*blank("—"), *Formation.choices]
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[*blank("—"), *Stage.choices]
    )
    accountable_to = forms.CharField(label=_("Accountable to"), max_length=300, required=False)
    accountable_to_organisation = forms.TypedChoiceField(
        label=_("Accountable to (organisation)"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, reader_language: str, proposing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        countries = queries.countries_choices(language=reader_language)
        orgs = queries.organisations_choices()
        set_choices(self, "regions", [(r.slug, r.name) for r in queries.regions_all()])
        set_choices(self, "countries", countries)
        set_choices(self, "legal_jurisdiction", [*blank("—"), *countries])
        set_choices(self, "languages", queries.languages_choices(language=reader_language))
        set_choices(self, "communities", queries.communities_choices())
        set_choices(self, "member_organisations", orgs)
        set_choices(self, "parent", [*blank("—"), *orgs])
        set_choices(self, "accountable_to_organisation", [*blank("—"), *orgs])
        if proposing:
            set_choices(self, "kind", [(k.value, k.label) for k in PROPOSABLE_KINDS])
        for name in ("regions", "countries", "languages", "communities", "member_organisations"):
            self.fields[name].widget.attrs["size"] = 8

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
            communities=list(d["communities"]),
            member_organisations=list(d["member_organisations"]),
            parent_id=d["parent"],
            has_legal_entity=d["has_legal_entity"],
            legal_jurisdiction=d["legal_jurisdiction"],
            scope_type=d["scope_type"],
            theme=d["theme"],
            formation=d["formation"],
            stage=d["stage"],
            accountable_to=d["accountable_to"],
            accountable_to_organisation_id=d["accountable_to_organisation"],
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
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=FastSelectMultiple
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"), required=False, widget=FastSelectMultiple
    )

    def __init__(self, *args: Any, reader_language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "languages", queries.languages_choices(language=reader_language))
        set_choices(self, "countries", queries.countries_choices(language=reader_language))

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
        label=_("Message to the proposer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
