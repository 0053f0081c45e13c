from django.core.cache import cache
from django.utils import translation

from convene.core.fragments import cached_fragment, cached_value, fragment_key


def test_cached_value_built_once_for_the_same_parts():
    cache.clear()
    calls = []

    def build():
        calls.append(1)
        return {"count": len(calls)}

    assert cached_value("test", ("a", 1), build) == {"count": 1}
    assert cached_value("test", ("a", 1), build) == {"count": 1}
    assert cached_value("test", ("a", 2), build) == {"count": 2}
    assert len(calls) == 2


def test_cached_value_keyed_by_the_readers_language():
    cache.clear()
    with translation.override("es"):
        assert cached_value("test", (), lambda: "es") == "es"
    with translation.override("fr"):
        assert cached_value("test", (), lambda: "fr") == "fr"
        assert fragment_key("test", ()) != fragment_key("other", ())


def test_cached_value_none_not_kept():
    cache.clear()
    calls = []
    for _ in range(2):
        cached_value("test", (), lambda: calls.append(1))
    assert len(calls) == 2


def test_cached_fragment_is_safe_html():
    cache.clear()
    html = cached_fragment("test", ("x",), lambda: "<li>a &amp; b</li>")
    assert html == "<li>a &amp; b</li>"
    assert hasattr(html, "__html__")
