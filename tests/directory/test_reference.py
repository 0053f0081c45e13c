import io

from django.core.management import call_command

from convene.directory import demo
from convene.directory.models import Country, Language, Organisation, Region, TerritoryLanguage
from convene.directory.names import country_name, language_name
from convene.directory.queries import who_serves
from convene.directory.reference import reference_load


def test_reference_load_is_idempotent(reference):
    before = (Country.objects.count(), Language.objects.count(), TerritoryLanguage.objects.count())

    counts = reference_load()

    after = (Country.objects.count(), Language.objects.count(), TerritoryLanguage.objects.count())
    assert after == before
    assert (counts.countries, counts.regions) == (249, 8)
    assert Region.objects.count() == 8


def test_reference_languages_use_bcp47_codes(reference):
    codes = set(Language.objects.values_list("code", flat=True))

    assert {"bn", "zh-Hant", "zh-Hans", "sr-Latn"} <= codes
    assert "en-GB" not in codes  # regional variants are not languages of their own


def test_regions_place_every_country_but_antarctica_in_exactly_one(reference):
    placed = list(Region.countries.through.objects.values_list("country_id", flat=True))

    assert len(placed) == len(set(placed))
    assert set(Country.objects.values_list("code", flat=True)) - set(placed) == {"AQ"}


def test_region_south_asia_has_its_eight_countries(reference):
    region = Region.objects.get(slug="south-asia")

    codes = sorted(region.countries.values_list("code", flat=True))

    assert (region.short_name, codes) == (
        "South Asia",
        ["AF", "BD", "BT", "IN", "IO", "LK", "MV", "NP", "PK"],
    )


def test_cldr_india_is_hindi_english_plus_regional_languages(reference):
    result = who_serves(country=Country.objects.get(code="IN"), language=None)

    assert [t.language_id for t in result.official_languages] == ["hi", "en"]
    assert result.regional_languages_count == 20


def test_cldr_switzerland_official_languages(reference):
    result = who_serves(country=Country.objects.get(code="CH"), language=None)

    assert sorted(t.language_id for t in result.official_languages) == ["de", "fr", "gsw", "it"]
    assert result.regional_languages_count == 1  # Romansh, official in a canton


def test_cldr_spanish_is_official_in_more_than_twenty_countries(reference):
    result = who_serves(country=None, language=Language.objects.get(code="es"))

    codes = {t.country_id for t in result.official_in}
    assert len(codes) == 21
    assert {"ES", "MX", "AR", "CO", "GQ"} <= codes


def test_names_come_from_babel_in_the_readers_locale():
    assert country_name("IN", language="fr") == "Inde"
    assert country_name("IN", language="en") == "India"
    assert language_name("zh-Hant", language="en") == "Traditional Chinese"
    assert language_name("bn", language="es") == "bengalí"


def test_directory_reference_command_reports_what_it_loaded(db):
    out = io.StringIO()

    call_command("directory_reference", stdout=out)

    assert out.getvalue().startswith("directory reference: 249 countries, ")
    assert out.getvalue().rstrip().endswith(" 8 regions")


def test_demo_loads_the_seed_organisations_idempotently(db):
    demo.load(log=lambda line: None)
    first = Organisation.objects.count()
    demo.load(log=lambda line: None)

    assert Organisation.objects.count() == first
    collaboratives = dict(
        Organisation.objects.filter(kind="regional_collaborative").values_list(
            "slug", "founded_on__year"
        )
    )
    assert collaboratives == {
        "iberocoop": 2010,
        "wikimedia-cee": 2011,
        "wikiconference-north-america": 2016,
        "eseap": 2018,
    }
    committee = Organisation.objects.get(slug="movement-charter-drafting-committee")
    assert sorted(committee.children.values_list("name", flat=True)) == [
        "Hubs drafting group",
        "Preamble drafting group",
        "Roles and Responsibilities drafting group",
    ]
    cee = Organisation.objects.get(slug="wikimedia-cee-hub")
    assert (cee.kind, cee.stage, hasattr(cee, "recognition")) == ("hub", "pilot", False)
