"""Forms for events. Times are entered as local wall-clock times in a chosen zone; a time
that the zone skips (a daylight-saving gap) or repeats (a fold) is refused, saying so."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from convene.core.forms import QuickSelect, SearchField
from convene.core.timezones import parse_zone, zone_choices
from convene.directory.models import Language, Organisation, Region
from convene.events.models import Audience, Event, Format, Kind, Resource, ResourceKind, Status
from convene.events.planner import FIRST_DAY, LAST_DAY
from convene.events.queries import filter_choices
from convene.events.timeutil import LocalTimeError, local_to_utc
from convene.people.pickers import LANGUAGES, PickerMultipleField

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_LOCAL, **kwargs)


def validate_calendar_year(value: dt.date) -> None:
    """Dates near year 1 or 9999 overflow once moved to UTC, to a reader's zone or back by
    a reminder: refuse them as the field's error."""
    if not 2 <= value.year <= 9998:
        raise forms.ValidationError(_("Give a year from 2 to 9998."), code="out_of_range")


class LanguageRowsField(PickerMultipleField):
    """Several languages picked by name in the reader's language (the people picker, not a
    list of hundreds of options), cleaned to the directory's Language rows."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(catalogue=LANGUAGES, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [getattr(item, "code", item) for item in value]
        return value

    def clean(self, value: Any) -> list[Language]:  # type: ignore[override]
        codes = super().clean(value)
        rows = {row.code: row for row in Language.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in rows]
        if unknown:  # a language CLDR knows that the directory does not list
            raise forms.ValidationError(
                _("No %(noun)s matches “%(text)s”.")
                % {"noun": LANGUAGES.noun, "text": ", ".join(unknown)},
                code="unknown",
            )
        return [rows[code] for code in codes]


class NaiveDateTimeField(forms.DateTimeField):
    """A wall-clock date and time, left naive: the form's zone field says where it is, and
    LocalTimesMixin turns it into an instant (refusing gaps and folds)."""

    default_validators = [validate_calendar_year]

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        text = str(value).strip()
        try:
            return dt.datetime.fromisoformat(text).replace(tzinfo=None)
        except ValueError:
            pass
        for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"):
            try:
                return dt.datetime.strptime(text, fmt)  # noqa: DTZ007  (naive on purpose)
            except ValueError:
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def _local_error(exc: LocalTimeError, label: str) -> str:
    values = {"field": label, "time": exc.local.strftime("%Y-%m-%d %H:%M"), "zone": exc.zone.key}
    if exc.code == "gap":
        return (
            _(
                "%(field)s: %(time)s does not exist in %(zone)s (the clocks skip it when "
                "daylight saving time starts). Choose a time before or after the gap."
            )
            % values
        )
    return (
        _(
            "%(field)s: %(time)s happens twice in %(zone)s (the clocks go back). Choose a "
            "time outside that hour, or give it in UTC."
        )
        % values
    )


class ZoneField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=(), **kwargs)

    def valid_value(self, value: Any) -> bool:
        return parse_zone(str(value)) is not None


class LocalTimesMixin:
    """Turns `<name>_local` + `timezone` into aware UTC instants in cleaned_data[<name>]."""

    local_fields: tuple[tuple[str, Any], ...] = ()

    def _to_utc(self, cleaned: dict[str, Any]) -> None:
        zone = parse_zone(cleaned.get("timezone") or "")
        if zone is None:
            return
        for name, label in self.local_fields:
            local = cleaned.get(f"{name}_local")
            if local is None:
                cleaned[name] = None
                continue
            try:
                cleaned[name] = local_to_utc(local.replace(tzinfo=None), zone)
            except LocalTimeError as exc:
                self.add_error(f"{name}_local", _local_error(exc, str(label)))  # type: ignore[attr-defined]


def _zone_field(initial: str = "UTC") -> ZoneField:
    return ZoneField(label=gettext_lazy("Time zone of these times"), initial=initial)


class EventForm(LocalTimesMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    edition_label = forms.CharField(
        label=gettext_lazy("Edition"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("e.g. Asia-Pacific"),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Kind.choices)
    description = forms.CharField(
        label=gettext_lazy("Description (Markdown)"), widget=forms.Textarea, required=False
    )
    all_day = forms.BooleanField(
        label=gettext_lazy("All-day or several days (dates, no times)"), required=False
    )
    timezone = _zone_field()
    starts_at_local = NaiveDateTimeField(
        label=gettext_lazy("Starts"), required=False, widget=LocalDateTimeInput()
    )
    ends_at_local = NaiveDateTimeField(
        label=gettext_lazy("Ends"), required=False, widget=LocalDateTimeInput()
    )
    start_date = forms.DateField(
        label=gettext_lazy("First day"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
        validators=[validate_calendar_year],
    )
    end_date = forms.DateField(
        label=gettext_lazy("Last day"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
        validators=[validate_calendar_year],
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=Format.choices)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=300, required=False)
    languages = LanguageRowsField(label=gettext_lazy("Languages spoken"))
    interpretation_languages = LanguageRowsField(label=gettext_lazy("Interpretation into"))
    recording_policy = forms.CharField(
        label=gettext_lazy("Recording"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("e.g. the presentation is recorded, the conversation is not"),
    )
    organisers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organised by"),
        queryset=Organisation.objects.filter(status="active").order_by("name"),
        required=False,
        to_field_name="slug",
    )
    co_organisers = forms.CharField(
        label=gettext_lazy("Organisers (usernames, separated by commas)"),
        required=False,
        help_text=gettext_lazy("They may edit the event, see registrants and moderate."),
    )
    hubs = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Topics: hubs and organisations"),
        queryset=Organisation.objects.filter(status="active").order_by("name"),
        required=False,
        to_field_name="slug",
    )
    regions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Regions targeted"),
        queryset=Region.objects.order_by("name"),
        required=False,
        to_field_name="slug",
    )
    call_link = forms.URLField(
        label=gettext_lazy("Call link"), required=False, assume_scheme="https"
    )
    link_lead_hours = forms.IntegerField(
        label=gettext_lazy("Show the link this many hours before the start"),
        min_value=0,
        max_value=24 * 60,
        initial=48,
    )
    link_audience = forms.ChoiceField(
        label=gettext_lazy("Show the link to"), choices=Audience.choices
    )
    registration_opens_at_local = NaiveDateTimeField(
        label=gettext_lazy("Registration opens"), required=False, widget=LocalDateTimeInput()
    )
    registration_closes_at_local = NaiveDateTimeField(
        label=gettext_lazy("Registration closes"), required=False, widget=LocalDateTimeInput()
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("Capacity"),
        min_value=1,
        max_value=1_000_000,
        required=False,
        help_text=gettext_lazy("empty: no limit; when full, people join a waiting list"),
    )
    reminders = forms.CharField(
        label=gettext_lazy("Reminders (hours before, separated by commas)"),
        initial="48, 1",
        required=False,
    )

    local_fields = (
        ("starts_at", gettext_lazy("Starts")),
        ("ends_at", gettext_lazy("Ends")),
        ("registration_opens_at", gettext_lazy("Registration opens")),
        ("registration_closes_at", gettext_lazy("Registration closes")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = zone_choices(get_language() or "en")  # type: ignore[attr-defined]

    def clean_reminders(self) -> list[int]:
        text = self.cleaned_data.get("reminders") or ""
        out = []
        for part in text.replace(";", ",").split(","):
            if not part.strip():
                continue
            try:
                hours = float(part)
            except ValueError as exc:
                raise forms.ValidationError(
                    _("“%(value)s” is not a number of hours.") % {"value": part.strip()}
                ) from exc
            if not 0 < hours <= 24 * 60:
                raise forms.ValidationError(_("Reminders must be between 1 minute and 60 days."))
            out.append(round(hours * 60))
        return out

    def clean_co_organisers(self) -> list[Any]:
        names = [n.strip() for n in (self.cleaned_data.get("co_organisers") or "").split(",")]
        names = [n for n in names if n]
        users = list(get_user_model().objects.filter(username__in=names, is_active=True))
        unknown = sorted(set(names) - {u.get_username() for u in users})
        if unknown:
            raise forms.ValidationError(
                _("No such people: %(names)s") % {"names": ", ".join(unknown)}
            )
        return users

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._to_utc(cleaned)
        if cleaned.get("all_day"):
            if not cleaned.get("start_date") or not cleaned.get("end_date"):
                self.add_error("start_date", _("Give the first and the last day."))
            elif cleaned["end_date"] < cleaned["start_date"]:
                self.add_error("end_date", _("The last day cannot be before the first day."))
        elif not self.errors:
            if not cleaned.get("starts_at") or not cleaned.get("ends_at"):
                self.add_error("starts_at_local", _("Give a start and an end time."))
            elif cleaned["ends_at"] <= cleaned["starts_at"]:
                self.add_error("ends_at_local", _("The end must be after the start."))
        return cleaned

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        zone = parse_zone(event.timezone)
        initial: dict[str, Any] = {
            name: getattr(event, name)
            for name in (
                "title", "edition_label", "kind", "description", "timezone", "format", "place",
                "recording_policy", "call_link", "link_audience", "capacity", "start_date",
                "end_date",
            )
        }  # fmt: skip
        initial["all_day"] = event.is_all_day
        initial["link_lead_hours"] = int(event.link_lead.total_seconds() // 3600)
        initial["reminders"] = ", ".join(f"{m / 60:g}" for m in event.reminder_offsets)
        for name, _label in cls.local_fields:
            value = getattr(event, name)
            if value is not None and zone is not None:
                initial[f"{name}_local"] = value.astimezone(zone).replace(tzinfo=None)
        for name in ("languages", "interpretation_languages", "organisers", "hubs", "regions"):
            initial[name] = list(getattr(event, name).all())
        initial["co_organisers"] = ", ".join(
            u.get_username() for u in event.organisers_people.order_by("username")
        )
        return initial


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Status.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason (told to registrants)"), max_length=500, required=False
    )


class SeriesForm(forms.Form):
    """A series and what each of its editions starts with: the planner's editions inherit
    the organisers, languages, interpretation, recording and link policy given here."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Kind.choices)
    description = forms.CharField(
        label=gettext_lazy("Description (Markdown)"), widget=forms.Textarea, required=False
    )
    organisers = EventForm.base_fields["organisers"]
    languages = EventForm.base_fields["languages"]
    interpretation_languages = EventForm.base_fields["interpretation_languages"]
    recording_policy = EventForm.base_fields["recording_policy"]
    link_lead_hours = EventForm.base_fields["link_lead_hours"]
    link_audience = EventForm.base_fields["link_audience"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        hours = cleaned.pop("link_lead_hours", None)
        cleaned["link_lead"] = dt.timedelta(hours=48 if hours is None else hours)
        return cleaned


class PlannerForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput({"type": "date"}),
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
    )
    regions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Target regions"),
        queryset=Region.objects.order_by("name"),
        required=False,
        to_field_name="slug",
    )
    zones = forms.CharField(
        label=gettext_lazy("Or target zones (IANA names, separated by commas)"),
        required=False,
        help_text=gettext_lazy("e.g. Asia/Tokyo, Europe/Berlin, America/Sao_Paulo"),
    )
    editions = forms.IntegerField(
        label=gettext_lazy("Editions"), min_value=1, max_value=4, initial=3
    )
    length_minutes = forms.IntegerField(
        label=gettext_lazy("Length (minutes)"), min_value=15, max_value=600, initial=90
    )
    earliest = forms.IntegerField(
        label=gettext_lazy("Reasonable hours from"), min_value=0, max_value=23, initial=8
    )
    latest = forms.IntegerField(label=gettext_lazy("to"), min_value=1, max_value=24, initial=22)

    def clean_zones(self) -> list[str]:
        names = [n.strip() for n in (self.cleaned_data.get("zones") or "").split(",") if n.strip()]
        unknown = [n for n in names if parse_zone(n) is None]
        if unknown:
            raise forms.ValidationError(
                _("Not time zones we know: %(names)s") % {"names": ", ".join(unknown)}
            )
        return [str(parse_zone(n).key) for n in names]  # type: ignore[union-attr]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("regions") and not cleaned.get("zones") and not self.errors:
            raise forms.ValidationError(_("Pick at least one region or zone."))
        earliest, latest = cleaned.get("earliest"), cleaned.get("latest")
        if earliest is not None and latest is not None and earliest >= latest:
            self.add_error("latest", _("The end of the reasonable hours must be after the start."))
        return cleaned


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your comment"), widget=forms.Textarea({"rows": 3}), max_length=5000
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput())


class FilterForm(forms.Form):
    """The list filters (GET). Unknown values are errors, shown next to the field."""

    when = forms.ChoiceField(
        label=gettext_lazy("When"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("upcoming", gettext_lazy("upcoming")),
            ("past", gettext_lazy("past")),
            ("all", gettext_lazy("all")),
        ],
    )
    q = SearchField(label=gettext_lazy("Search"))
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False, widget=QuickSelect)
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False, widget=QuickSelect)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        widget=QuickSelect,
        choices=[("", "—"), *Kind.choices],
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        required=False,
        widget=QuickSelect,
        choices=[("", "—"), *Format.choices],
    )
    topic = forms.ChoiceField(label=gettext_lazy("Topic"), required=False, widget=QuickSelect)
    organiser = forms.ChoiceField(
        label=gettext_lazy("Organiser"), required=False, widget=QuickSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = filter_choices()
        self.choices_key = choices.key
        regions, languages = [("", "—"), *choices.regions], [("", "—"), *choices.languages]
        organisers, topics = [("", "—"), *choices.organisers], [("", "—"), *choices.topics]
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
        self.fields["language"].choices = languages  # type: ignore[attr-defined]
        self.fields["topic"].choices = topics  # type: ignore[attr-defined]
        self.fields["organiser"].choices = organisers  # type: ignore[attr-defined]


class ResourceForm(forms.Form):
    """A resource of an event, a series, a hub or a timeline entry: a link or an uploaded
    file."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ResourceKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    languages = LanguageRowsField(label=gettext_lazy("Languages"))
    published_on = forms.DateField(
        label=gettext_lazy("Date"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
        validators=[validate_calendar_year],
    )
    url = forms.URLField(
        label=gettext_lazy("Link"), required=False, max_length=500, assume_scheme="https"
    )
    file = forms.FileField(label=gettext_lazy("Or upload a file"), required=False, max_length=200)
    translation_of = forms.ModelChoiceField(
        label=gettext_lazy("Translation of"),
        queryset=Resource.objects.none(),
        required=False,
        help_text=gettext_lazy("Leave empty unless this is another language's version."),
    )

    def __init__(
        self, *args: Any, originals: Any = None, keeps_file: bool = False, **kwargs: Any
    ) -> None:
        """`keeps_file`: a resource being changed keeps its uploaded file unless a link or
        another file is given."""
        super().__init__(*args, **kwargs)
        self.keeps_file = keeps_file
        if originals is not None:
            self.fields["translation_of"].queryset = originals  # type: ignore[attr-defined]
        if keeps_file:
            self.fields["file"].label = gettext_lazy("Or replace the file")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        url, file = bool(cleaned.get("url")), bool(cleaned.get("file"))
        if not self.errors and ((url and file) or not (url or file or self.keeps_file)):
            raise forms.ValidationError(_("Give either a link or a file."))
        return cleaned

    def resource_fields(self) -> dict[str, Any]:
        """What `resource_add` and `resource_update` take, from the cleaned form."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "languages": list(data["languages"]),
            "published_on": data["published_on"],
            "url": data["url"] or "",
            "file": data["file"],
            "translation_of": data["translation_of"],
        }
