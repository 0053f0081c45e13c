from django import forms
from django.utils.translation import gettext_lazy as _

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
    language = forms.CharField(
        label=_("Language (optional)"),
        max_length=16,
        required=False,
        help_text=_("e.g. en, bn, zh"),
    )
    topic = forms.CharField(
        label=_("Topic (optional)"),
        max_length=200,
        required=False,
        help_text=_("a hub, a region, a charter chapter"),
    )
    kind = forms.ChoiceField(label=_("This is a"), choices=Kind.choices, initial=Kind.QUESTION)
    anonymous = forms.BooleanField(label=_("Ask anonymously"), required=False)


class AnswerForm(forms.Form):
    by = forms.CharField(
        label=_("On behalf of"), max_length=120, required=False, help_text=_("e.g. MCDC")
    )
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))
    mode = forms.ChoiceField(label=_("Given"), choices=AnswerMode.choices)
    points_to = forms.IntegerField(
        label=_("Refers to the answer number (optional)"), required=False, min_value=1
    )


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
