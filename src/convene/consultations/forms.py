"""Forms of the consultation pages. They only parse; the services decide and refuse."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convene.consultations.models import (
    FEEDBACK_LIMIT,
    QUOTE_LIMIT,
    TITLE_LIMIT,
    Channel,
    FeedbackStatus,
    Paragraph,
    TextFormat,
    TranslationStatus,
    VersionStatus,
)

TEXT_AREA = {"rows": 4}
RECORD_POINTS = 5  # empty point rows on the record form (more: send and record again)
LIST_PARAGRAPHS = 40  # up to this many, a point's paragraph is chosen from a list


def paragraph_choices(paragraphs: Sequence[Paragraph]) -> list[tuple[str, str]]:
    choices = [("", str(_("The whole chapter")))]
    for p in paragraphs:
        first = " ".join(p.text.split())[:70]
        choices.append((p.key, f"¶{p.position} · {first}"))
    return choices


class FeedbackForm(forms.Form):
    """Feedback on the web: on the chapter, one paragraph, or a passage of it."""

    paragraph = forms.ChoiceField(label=_("About"), required=False)
    quote = forms.CharField(
        label=_("The passage (optional)"),
        required=False,
        max_length=QUOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Paste the words your point is about; they must be in that paragraph."),
    )
    text = forms.CharField(
        label=_("Your feedback"),
        max_length=FEEDBACK_LIMIT,
        widget=forms.Textarea(attrs=TEXT_AREA),
    )
    language = forms.CharField(
        label=_("Language (optional)"), required=False, max_length=16, help_text=_("e.g. en, bn")
    )
    region = forms.ChoiceField(label=_("Region (optional)"), required=False)

    def __init__(
        self,
        *args: Any,
        paragraphs: Sequence[Paragraph] = (),
        regions: Sequence[tuple[str, str]] = (),
        choices: Sequence[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """The paragraphs to choose from, or their `choices` (`paragraph_choices`)."""
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = (  # type: ignore[attr-defined]
            list(choices) if choices is not None else paragraph_choices(paragraphs)
        )
        self.fields["region"].choices = [("", "—"), *regions]  # type: ignore[attr-defined]


class PointForm(forms.Form):
    """One point of a conversation entered on behalf of others."""

    paragraph = forms.ChoiceField(label=_("About"), required=False)
    quote = forms.CharField(label=_("Passage (optional)"), required=False, max_length=QUOTE_LIMIT)
    text = forms.CharField(
        label=_("Point"),
        required=False,
        max_length=FEEDBACK_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, paragraphs: Sequence[Paragraph] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = {str(p.position): p.key for p in paragraphs}
        if len(paragraphs) > LIST_PARAGRAPHS:
            # A long chapter: its number, not a list of every paragraph in every point.
            self.fields["paragraph"] = forms.IntegerField(
                label=_("About paragraph number (empty: the whole chapter)"),
                required=False,
                min_value=1,
                max_value=len(paragraphs),
            )
        else:
            self.fields["paragraph"].choices = paragraph_choices(paragraphs)  # type: ignore[attr-defined]

    def clean_paragraph(self) -> str:
        value = self.cleaned_data.get("paragraph")
        if isinstance(value, int):
            return self.keys.get(str(value), "")
        return str(value or "")


class RecordForm(forms.Form):
    """Where the points came from (shared by every point entered at once)."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c.value, c.label) for c in Channel if c not in (Channel.WEB, Channel.QUESTION)],
        initial=Channel.REGIONAL_CONVERSATION,
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        required=False,
        help_text=_("e.g. “Regional conversation, Lagos, 3 December” or the subject of an e-mail"),
    )
    event = forms.IntegerField(
        label=_("Session (event number, optional)"), required=False, min_value=1
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.CharField(label=_("Language"), max_length=16, required=False)
    given_on = forms.DateField(
        label=_("Said on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    on_behalf_name = forms.CharField(label=_("Given by (optional)"), max_length=200, required=False)
    on_behalf_contact = forms.CharField(
        label=_("Their contact (optional, seen by the drafting group only)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, regions: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—"), *regions]  # type: ignore[attr-defined]


PointFormSet = forms.formset_factory(PointForm, extra=RECORD_POINTS, max_num=50)


class TriageForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FeedbackStatus.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    adopted_in = forms.IntegerField(
        label=_("Adopted in version (number)"), required=False, min_value=1
    )
    adopted_key = forms.CharField(
        label=_("Paragraph it changed (key)"), required=False, max_length=20
    )
    themes = forms.CharField(label=_("Themes (comma-separated)"), required=False, max_length=500)


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Duplicate of item number"), min_value=1)


class TranslationForm(forms.Form):
    key = forms.CharField(max_length=20, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Translation"),
        required=False,
        max_length=FEEDBACK_LIMIT * 5,
        widget=forms.Textarea(attrs=TEXT_AREA),
    )
    done = forms.BooleanField(label=_("Done"), required=False)


TRANSLATION_STATUSES = dict(TranslationStatus.choices)


def _text_or_upload(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    """The pasted text, else the uploaded file's (UTF-8) as `text`."""
    upload = data.get("upload")
    if upload is not None and not data.get("text"):
        try:
            data["text"] = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("upload", _("The file is not UTF-8 text."))
    return data


class PublishForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=TITLE_LIMIT, help_text=_("e.g. Draft 2"))
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paste the whole chapter, or upload a file below."),
    )
    upload = forms.FileField(label=_("Or a file"), required=False)
    page = forms.CharField(
        label=_("Or a wiki page"),
        required=False,
        max_length=255,
        help_text=_("Its current text, as wikitext, e.g. Movement Charter/Roles"),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=TextFormat.choices, initial=TextFormat.MARKDOWN
    )
    status = forms.ChoiceField(
        label=_("Publish as"),
        choices=[("open", _("open for feedback")), ("draft", _("draft")), ("final", _("final"))],
        initial="open",
    )

    def clean(self) -> dict[str, Any]:
        data = _text_or_upload(self, super().clean() or {})
        if not data.get("text") and not data.get("page") and not self.errors:
            self.add_error("text", _("Paste the text, choose a file or name a wiki page."))
        return data


class SynthesisForm(forms.Form):
    chapter = forms.ChoiceField(label=_("Chapter"), required=False)
    paragraph = forms.CharField(label=_("Paragraph (key)"), required=False, max_length=20)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("any")), *Channel.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.CharField(label=_("Language"), required=False, max_length=16)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any")), *FeedbackStatus.choices]
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    trend = forms.ChoiceField(
        label=_("Trend by"),
        required=False,
        choices=[
            ("channel", _("channel")),
            ("chapter", _("chapter")),
            ("region", _("region")),
            ("status", _("status")),
            ("language", _("language")),
        ],
    )

    def __init__(
        self,
        *args: Any,
        chapters: Sequence[tuple[str, str]] = (),
        regions: Sequence[tuple[str, str]] = (),
        themes: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"].choices = [("", _("any")), *chapters]  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", _("any")), *regions]  # type: ignore[attr-defined]
        self.fields["theme"].choices = [("", _("any")), *themes]  # type: ignore[attr-defined]


class TriageFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any")), *FeedbackStatus.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("any")), *Channel.choices]
    )
    theme = forms.CharField(label=_("Theme"), required=False, max_length=100)
    orphaned = forms.BooleanField(label=_("Orphaned only"), required=False)


class ImportForm(forms.Form):
    """Feedback collected elsewhere, all at once: a survey's CSV, a talk page, or the
    questions of a session whose topic names the chapter."""

    kind = forms.ChoiceField(
        label=_("What"),
        choices=[
            ("survey", _("a survey (CSV with a “text” column)")),
            ("talk_page", _("the chapter's talk page (wikitext)")),
            ("questions", _("a session's questions tagged with this chapter")),
        ],
    )
    text = forms.CharField(
        label=_("Paste it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The CSV or the talk page's wikitext; or upload a file below."),
    )
    upload = forms.FileField(label=_("Or a file"), required=False)
    source = forms.CharField(
        label=_("Source"), required=False, max_length=500, help_text=_("e.g. “Survey, December”")
    )
    language = forms.CharField(label=_("Language of the talk page"), required=False, max_length=16)
    event = forms.IntegerField(label=_("Session (event number)"), required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = _text_or_upload(self, super().clean() or {})
        kind = data.get("kind")
        if kind == "questions" and not data.get("event"):
            self.add_error("event", _("Give the session's event number."))
        elif kind in ("survey", "talk_page") and not data.get("text") and not self.errors:
            self.add_error("text", _("Paste the text or choose a file."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=VersionStatus.choices)


class PeriodForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=TITLE_LIMIT)
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    whole_charter = forms.BooleanField(label=_("For every chapter of the charter"), required=False)
