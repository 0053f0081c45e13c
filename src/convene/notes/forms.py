from django import forms
from django.utils.translation import gettext_lazy as _

from convene.notes.services import NOTES_LIMIT, PAGE_LIMIT, SUMMARY_LIMIT

FORMAT_CHOICES = [
    ("auto", _("Recognise it")),
    ("text", _("Plain text (• bullets, indentation)")),
    ("wikitext", _("Wikitext (* and **)")),
    ("markdown", _("Markdown (- and indentation)")),
]


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the notes"),
        required=False,
        max_length=NOTES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    upload = forms.FileField(label=_("or upload a file"), required=False)
    fmt = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is not None:
            if upload.size > NOTES_LIMIT:
                self.add_error("upload", _("The file is too large (at most 1 MB)."))
                return data
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("upload", _("The file is not UTF-8 text."))
                return data
        if not str(data.get("text") or "").strip():
            self.add_error("text", _("Paste the notes or upload a file."))
        return data


class PublishForm(forms.Form):
    page = forms.CharField(label=_("Wiki page"), max_length=PAGE_LIMIT)
    section = forms.CharField(
        label=_("Section number (empty: the whole page)"), max_length=10, required=False
    )
    summary = forms.CharField(label=_("Edit summary"), max_length=SUMMARY_LIMIT)
    as_bot = forms.BooleanField(label=_("Publish with the bot account"), required=False)


class AnnouncementForm(forms.Form):
    page = forms.CharField(label=_("Wiki page"), max_length=PAGE_LIMIT)
    section = forms.CharField(
        label=_("Section number (empty: the whole page)"), max_length=10, required=False
    )
    post_on_publish = forms.BooleanField(label=_("Post the announcement now"), required=False)
    update_at_release = forms.BooleanField(
        label=_("Add the call link on the wiki when it is released"), required=False
    )
    as_bot = forms.BooleanField(label=_("Publish with the bot account"), required=False)
