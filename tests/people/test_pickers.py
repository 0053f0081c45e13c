"""Search pickers: a language or country typed by name or code, resolved on the server;
suggestions from a small endpoint, the reader's own languages first."""

import pytest
from django import forms
from django.http import QueryDict
from django.test import override_settings
from django.utils import translation

from convene.people.languages import language_codes, language_label
from convene.people.pickers import LANGUAGES, LanguageField, LanguagesField, pickers_put_first


class PickForm(forms.Form):
    language = LanguageField(required=False)
    languages = LanguagesField(required=False)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("bn", "bn"), ("Bangla", "bn"), ("bengali", "bn"), ("বাংলা", "bn"), ("ZH-hant", "zh-Hant"),
     ("Traditional Chinese", "zh-Hant"), ("francais", "fr"), ("English", "en"),
     ("english", "en")],
)  # fmt: skip
def test_language_field_resolves_a_name_or_code(typed, code):
    form = PickForm({"language": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["language"] == code


def test_language_field_lists_the_candidates_when_several_match():
    form = PickForm({"language": "chin"})

    assert not form.is_valid()
    assert form.errors["language"][0].startswith("Several match “chin”: Chinese (zh);")
    assert 'type="radio" name="language" value="zh"' in str(form["language"])


def test_language_field_takes_the_candidate_picked_from_the_list():
    form = PickForm(QueryDict("language=chin&language=zh"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["language"] == "zh"


def test_languages_field_reads_what_it_shows():
    form = PickForm({"languages": "Bangla (bn); English (en); sw"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["languages"] == ["bn", "en", "sw"]
    assert PickForm(initial={"languages": ["bn", "en"]})["languages"].value() == ["bn", "en"]
    assert 'value="Bangla (bn); English (en)"' in str(
        PickForm(initial={"languages": ["bn", "en"]})["languages"]
    )


def test_languages_field_refuses_an_unknown_name():
    form = PickForm({"languages": "bn, Klingonish"})

    assert form.errors == {"languages": ["No language matches “Klingonish”."]}


def test_names_come_in_the_readers_language_with_a_fallback_for_codes_cldr_does_not_name():
    with translation.override("fr"):
        form = PickForm({"language": "allemand"})
        assert form.is_valid()
        assert form.cleaned_data["language"] == "de"

    assert language_label("abr", reader_language="en") == "Abron"
    assert language_label("zh-Hant", reader_language="fr") == "chinois traditionnel"


def test_the_readers_own_languages_come_first():
    form = PickForm()
    pickers_put_first(form, ["sw", "bn"])

    assert [o.code for o in LANGUAGES.search("", first=["sw", "bn"])] == ["sw", "bn"]
    assert next(o.code for o in LANGUAGES.search("b", first=["bn"])) == "bn"


def test_every_language_code_is_offered_once():
    codes = language_codes()

    assert len(codes) == len(set(codes)) > 800


@pytest.mark.django_db
def test_suggestions_put_the_readers_languages_first(client):
    from convene.people.models import Profile
    from tests.factories import UserFactory

    user = UserFactory()
    Profile.objects.create(user=user, languages=["ne", "en"])
    client.force_login(user)

    response = client.get("/people/suggest/languages/", {"q": "", "list": "id_language-list"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index('data-code="ne"') < html.index('data-code="en"')
    assert 'class="mine"' in html


@override_settings(LANGUAGE_CODE="en")
@pytest.mark.django_db
def test_country_suggestions_match_names_in_the_readers_language(client):
    response = client.get("/directory/suggest/countries/", {"q": "bangla"})

    assert 'data-code="BD"' in response.content.decode()
