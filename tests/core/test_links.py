from convene.core.links import absolute_url


def test_absolute_url_joins_site_url_and_path(settings):
    settings.SITE_URL = "https://convene.example.org/"

    assert absolute_url("/events/3/") == "https://convene.example.org/events/3/"
