"""The programmes' HTML forms (the services check everything again)."""

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from convene.consultations.models import Chapter, Charter
from convene.directory.models import Community, Country, Language, Region
from convene.programmes.models import (
    Activity,
    ConstraintKind,
    GrantKind,
    GrantState,
    Recommendation,
)
from convene.programmes.money import currency_choices

POINT_ROWS = 5


def _choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _language_choices() -> list[tuple[str, str]]:
    return [(lang.code, f"{lang.name} ({lang.code})") for lang in Language.objects.order_by("name")]


class ApplyForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Language communities you will cover"),
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    regions = forms.MultipleChoiceField(label=_("Regions"), choices=[], required=False)
    communities = forms.MultipleChoiceField(label=_("Communities"), choices=[], required=False)
    activities = forms.MultipleChoiceField(
        label=_("What you will do"),
        choices=Activity.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    motivation = forms.CharField(
        label=_("Why, and how you will reach your community"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "languages", _language_choices())
        _choices(self, "regions", [(r.slug, r.name) for r in Region.objects.order_by("name")])
        _choices(
            self, "communities", [(c.slug, c.name) for c in Community.objects.order_by("name")]
        )


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Accept")), ("no", _("Decline"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FacilitatorForm(forms.Form):
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"), queryset=Country.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.contrib.auth.models import User

        super().__init__(*args, **kwargs)
        _queryset(self, "facilitator", User.objects.filter(is_staff=True).order_by("username"))


class HostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    language = forms.ChoiceField(label=_("Language"), choices=[])
    community = forms.ChoiceField(label=_("Community"), choices=[], required=False)
    call_link = forms.URLField(label=_("Call link"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, ambassador: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "language", [(lang.code, lang.name) for lang in ambassador.languages.all()])
        _choices(
            self,
            "community",
            [("", "—")] + [(c.slug, c.name) for c in ambassador.communities.all()],
        )


class TranslateForm(forms.Form):
    chapter = forms.ChoiceField(label=_("Chapter to translate (its current version)"), choices=[])
    language = forms.ChoiceField(label=_("Into"), choices=[])

    def __init__(self, *args: Any, ambassador: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "chapter", [(c.slug, c.title) for c in Chapter.objects.order_by("order")])
        _choices(self, "language", [(lang.code, lang.name) for lang in ambassador.languages.all()])


class RequestForm(forms.Form):
    body = forms.ChoiceField(label=_("Ask this body to send a member"), choices=[])
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from convene.directory.models import Kind, Organisation

        super().__init__(*args, **kwargs)
        bodies = Organisation.objects.filter(
            kind__in=[Kind.COMMITTEE, Kind.DRAFTING_GROUP, Kind.HUB]
        )
        _choices(self, "body", [(o.slug, o.name) for o in bodies.order_by("name")])


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Answer"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Someone comes")), ("no", _("Nobody can come"))],
        widget=forms.RadioSelect,
    )
    person = forms.ChoiceField(label=_("Who comes"), choices=[], required=False)
    answer = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "person", [("", "—"), *members])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": RECEIPT_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


RECEIPT_ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp"
RECEIPT_HELP = _("PDF, PNG, JPEG or WebP; only you, the grant's reviewers and staff see them.")


class ReceiptsForm(forms.Form):
    receipt_files = MultipleFileField(label=_("Add receipts"), help_text=RECEIPT_HELP)


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I withdraw from this round"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
    message = forms.CharField(
        label=_("A word for your facilitator (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReportForm(forms.Form):
    """A summary and up to five points (each a chapter, an optional paragraph key, the
    point and its community); rows left empty are ignored."""

    summary = forms.CharField(
        label=_("What the conversation said"), widget=forms.Textarea(attrs={"rows": 5})
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=[], required=False)
    receipt_files = MultipleFileField(
        label=_("Receipts (PDF or images, kept privately)"),
        required=False,
        help_text=RECEIPT_HELP,
    )
    receipts = forms.CharField(
        label=_("Notes on the receipts (kept privately)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, grant: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not grant:
            del self.fields["receipts"]
            del self.fields["receipt_files"]
        else:
            self.fields["summary"].label = _("What the grant did")
        _choices(self, "language", [("", "—"), *_language_choices()])
        chapters = [("", "—")] + [(c.slug, c.title) for c in Chapter.objects.order_by("order")]
        communities = [("", "—")] + [(c.slug, c.name) for c in Community.objects.order_by("name")]
        for i in range(POINT_ROWS):
            self.fields[f"chapter_{i}"] = forms.ChoiceField(
                label=_("Chapter"), choices=chapters, required=False
            )
            self.fields[f"paragraph_{i}"] = forms.CharField(
                label=_("Paragraph (such as p3)"), required=False, max_length=20
            )
            self.fields[f"text_{i}"] = forms.CharField(
                label=_("Point"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"community_{i}"] = forms.ChoiceField(
                label=_("Community"), choices=communities, required=False
            )

    def point_rows(self) -> list[list[Any]]:
        return [
            [self[f"{name}_{i}"] for name in ("chapter", "paragraph", "text", "community")]
            for i in range(POINT_ROWS)
        ]

    def points(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "chapter": data[f"chapter_{i}"],
                "paragraph": data[f"paragraph_{i}"],
                "text": data[f"text_{i}"],
                "community": data[f"community_{i}"],
            }
            for i in range(POINT_ROWS)
            if data.get(f"text_{i}", "").strip()
        ]


class CountryForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country where the money is spent"),
        queryset=Country.objects.order_by("name"),
        to_field_name="code",
    )


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it for"), choices=GrantKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    country = forms.CharField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, decimal_places=2, max_digits=14)
    currency = forms.ChoiceField(label=_("Currency"), choices=[])
    budget = forms.CharField(
        label=_("Budget lines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: what it pays for, a colon, the amount (Venue: 500)."),
    )
    timeline = forms.CharField(
        label=_("Timeline"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(
        label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    hub = forms.ChoiceField(label=_("The hub it funds"), required=False, choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from convene.directory.models import Kind, Organisation

        programme = kwargs.pop("programme", None)
        super().__init__(*args, **kwargs)
        currencies = currency_choices(get_language() or "en")
        if programme is not None and programme.currencies:
            currencies = [(code, name) for code, name in currencies if code in programme.currencies]
        _choices(self, "currency", currencies)
        if programme is not None and programme.kinds:
            kinds = [(k, str(v)) for k, v in GrantKind.choices if k in programme.kinds]
            _choices(self, "kind", kinds)
        hubs = Organisation.objects.filter(kind=Kind.HUB).order_by("name")
        _choices(self, "hub", [("", "—")] + [(h.slug, h.name) for h in hubs])

    def budget_lines(self) -> list[dict[str, str]]:
        lines = []
        for row in str(self.cleaned_data.get("budget") or "").splitlines():
            label, _sep, amount = row.rpartition(":")
            if row.strip():
                lines.append({"label": label.strip() or row.strip(), "amount": amount.strip()})
        return lines


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=GrantState.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Private comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, rubric: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in rubric:
            self.fields[f"score_{criterion['key']}"] = forms.TypedChoiceField(
                label=criterion["label"],
                coerce=int,
                required=False,
                choices=[("", "—")] + [(str(n), str(n)) for n in range(1, 6)],
            )

    def scores(self) -> dict[str, int]:
        return {
            name[6:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("score_") and value not in ("", None)
        }


class ConstraintForm(forms.Form):
    kind = forms.ChoiceField(label=_("Constraint"), choices=ConstraintKind.choices)
    summary = forms.CharField(label=_("What it means"), widget=forms.Textarea(attrs={"rows": 3}))
    what_to_do = forms.CharField(
        label=_("What to do instead"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RoundForm(forms.Form):
    """An ambassador round: its period, its commitments, the charter its reports feed."""

    slug = forms.SlugField(
        label=_("Short name in addresses"), max_length=100,
        help_text=_("Lower-case letters, digits and hyphens: ambassadors-2031."),
    )  # fmt: skip
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends"), widget=forms.DateInput(attrs={"type": "date"}))
    conversations_required = forms.IntegerField(
        label=_("Conversations each ambassador hosts"), min_value=0, max_value=365, initial=1
    )
    reports_required = forms.BooleanField(
        label=_("A report per conversation"), required=False, initial=True
    )
    report_due_days = forms.IntegerField(
        label=_("Days to file a report after a conversation"),
        min_value=1, max_value=365, initial=14,
    )  # fmt: skip
    charter = forms.ModelChoiceField(
        label=_("Charter its reports feed"), queryset=Charter.objects.none(), required=False
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "charter", Charter.objects.order_by("title"))
        if editing:
            del self.fields["slug"]


class GrantProgrammeForm(forms.Form):
    """A grant programme: its rubric (one criterion a line), the approvals a decision
    needs, the currencies and kinds it takes, its reviewers."""

    slug = forms.SlugField(
        label=_("Short name in addresses"), max_length=100,
        help_text=_("Lower-case letters, digits and hyphens: small-grants-2031."),
    )  # fmt: skip
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rubric = forms.CharField(
        label=_("Rubric"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One criterion a line; reviewers score each from 1 to 5."),
    )
    threshold = forms.IntegerField(
        label=_("Reviewers' approvals a decision needs"), min_value=1, max_value=20, initial=2
    )
    currencies = forms.MultipleChoiceField(
        label=_("Currencies it pays in (none chosen: any)"),
        choices=[],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of grant it funds (none chosen: all)"),
        choices=GrantKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reviewers = forms.CharField(
        label=_("Reviewers"),
        required=False,
        help_text=_("Their user names, separated by commas or spaces."),
    )
    report_due_days = forms.IntegerField(
        label=_("Days to report after a grant ends"), min_value=1, max_value=730, initial=60
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "currencies", currency_choices(get_language() or "en"))
        if editing:
            del self.fields["slug"]

    def rubric_rows(self) -> list[dict[str, str]]:
        """Each line a criterion: "Label", or "key: Label" to choose its key."""
        rows = []
        for line in str(self.cleaned_data.get("rubric") or "").splitlines():
            key, sep, label = line.partition(":")
            if not line.strip():
                continue
            if sep and key.strip() and " " not in key.strip():
                rows.append({"key": key.strip(), "label": label.strip()})
            else:
                rows.append({"key": "", "label": line.strip()})
        return rows

    def usernames(self) -> list[str]:
        return str(self.cleaned_data.get("reviewers") or "").replace(",", " ").split()
