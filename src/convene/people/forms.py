from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from convene.core.errors import Invalid
from convene.core.forms import apply_refusal
from convene.core.timezones import zone_choices
from convene.people import services, validators
from convene.people.models import Profile


class ProfileFieldsMixin:
    """A form over profile fields checks them with the same rules as `profile_update`
    (`validators.profile_fields_clean`): every field at fault gets its message, the
    others their normalised value."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        given = {name: data[name] for name in validators.CLEANERS if name in data}
        try:
            data.update(validators.profile_fields_clean(given))
        except Invalid as exc:
            apply_refusal(self, exc)  # type: ignore[arg-type]
        return data


class ProfileForm(ProfileFieldsMixin, forms.Form):
    """The profile edit form."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=validators.DISPLAY_NAME_MAX,
        required=False,
        help_text=_("How others see you. Empty: your user name."),
    )
    timezone = forms.CharField(
        label=_("Time zone"),
        required=False,
        widget=forms.Select,
        help_text=_("Times are shown in this zone. Empty: your browser's."),
    )
    language = forms.CharField(
        label=_("Interface language"),
        required=False,
        widget=forms.Select,
    )
    languages = forms.CharField(
        label=_("Languages you speak"),
        required=False,
        max_length=400,
        help_text=_("Language codes separated by commas, e.g. bn, en, pt-BR."),
    )
    home_wiki = forms.CharField(
        label=_("Home wiki"),
        required=False,
        max_length=300,
        help_text=_("The wiki you mostly edit, e.g. bn.wikipedia.org."),
    )
    affiliations = forms.CharField(
        label=_("Affiliations"),
        required=False,
        max_length=validators.AFFILIATIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Groups, chapters or hubs you belong to."),
    )
    email_notices = forms.BooleanField(
        label=_("E-mail my notices"),
        required=False,
        help_text=_("Notices are always on the site; untick to stop the e-mails."),
    )

    def __init__(self, *args: Any, reader_language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].widget.choices = [
            ("", _("Your browser's zone")),
            *zone_choices(reader_language),
        ]
        self.fields["language"].widget.choices = [
            ("", _("Your browser's language")),
            *settings.LANGUAGES,
        ]

    @classmethod
    def initial_for(cls, profile: Profile) -> dict[str, Any]:
        return {
            "display_name": profile.display_name,
            "timezone": profile.timezone,
            "language": profile.language,
            "languages": ", ".join(profile.languages),
            "home_wiki": profile.home_wiki,
            "affiliations": profile.affiliations,
            "email_notices": profile.email_notices,
        }

    def clean_languages(self) -> list[str]:
        raw = self.cleaned_data["languages"].replace(";", ",")
        return [part for part in raw.split(",") if part.strip()]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=services.TOKEN_NAME_MAX,
        help_text=_("What will use it, e.g. “my notes script”."),
    )
