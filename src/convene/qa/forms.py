from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from convene.directory.models import Organisation
from convene.people.pickers import LanguageField, pickers_put_first
from convene.qa.models import TEXT_LIMIT, AnswerMode, Kind, State
from convene.qa.services import MODERATION_ACTIONS
from convene.qa.states import SETTABLE


class AskForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_LIMIT}),
        help_text=_("At most 1,000 characters."),
    )
    # Picked by name in the reader's language, their own first (people.pickers).
    language = LanguageField(label=_("Language of the question"), required=False)
    topic = forms.CharField(
        label=_("Topic (optional)"),
        max_length=200,
        required=False,
        help_text=_("a hub, a region, a charter chapter"),
    )
    kind = forms.ChoiceField(label=_("This is a"), choices=Kind.choices, initial=Kind.QUESTION)
    anonymous = forms.BooleanField(label=_("Ask anonymously"), required=False)

    def __init__(self, *args: Any, languages: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pickers_put_first(self, languages)


class AnswerForm(forms.Form):
    """An answer, in the answerer's own name or for one of their organisations (picked);
    staff may also name another body in words."""

    organisation = forms.ChoiceField(label=_("On behalf of"), required=False)
    by = forms.CharField(
        label=_("Or another body (staff only)"),
        max_length=120,
        required=False,
        help_text=_("e.g. Support staff"),
    )
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))
    mode = forms.ChoiceField(label=_("Given"), choices=AnswerMode.choices)
    points_to = forms.IntegerField(
        label=_("Refers to the answer number (optional)"), required=False, min_value=1
    )

    def __init__(
        self, *args: Any, bodies: Iterable[Organisation] = (), staff: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.bodies = {body.slug: body for body in bodies}
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [("", _("myself"))] + [
            (slug, body.name) for slug, body in self.bodies.items()
        ]
        if not staff:
            del self.fields["by"]

    def clean_organisation(self) -> Organisation | None:
        return self.bodies.get(self.cleaned_data.get("organisation") or "")


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in MODERATION_ACTIONS])
    text = forms.CharField(required=False, max_length=TEXT_LIMIT)
    reason = forms.CharField(required=False, max_length=500)
    state = forms.ChoiceField(
        required=False, choices=[("", "")] + [(s.value, s.label) for s in State if s in SETTABLE]
    )
    into = forms.IntegerField(required=False, min_value=1)
    answer = forms.IntegerField(required=False, min_value=1)


class AssignForm(forms.Form):
    assignee = forms.CharField(label=_("Responder (user name)"), max_length=150, required=False)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class BoardSettingsForm(forms.Form):
    premoderation = forms.BooleanField(label=_("Questions wait for approval"), required=False)
    allow_anonymous = forms.BooleanField(label=_("Allow anonymous questions"), required=False)
    pooled = forms.BooleanField(
        label=_("One pool of questions for the whole series"), required=False
    )
    is_open = forms.BooleanField(label=_("Open for new questions"), required=False)
    moderator = forms.CharField(
        label=_("Name a moderator (user name)"), max_length=150, required=False
    )
