"""Panels on lists: each provider is asked once for the whole list and answers one part
per item, in order."""

import pytest
from django.test import RequestFactory
from django.utils.html import format_html
from django.utils.safestring import SafeString

from convene.core import panels


@pytest.fixture
def place(monkeypatch):
    monkeypatch.setattr(panels, "_each_providers", {"timeline_entry": []})
    return "timeline_entry"


def test_panels_render_each_joins_every_providers_part_per_item(place):
    calls = []

    def first(request, items):
        calls.append(list(items))
        return [format_html("<b>{}</b>", item) for item in items]

    def second(request, items):
        return [SafeString("<i>odd</i>") if item % 2 else SafeString("") for item in items]

    panels.panel_register_each(place, first)
    panels.panel_register_each(place, second)

    parts = panels.panels_render_each(place, RequestFactory().get("/"), [1, 2])

    assert parts == ["<b>1</b><i>odd</i>", "<b>2</b>"]
    assert calls == [[1, 2]]


def test_panels_render_each_refuses_a_provider_that_miscounts(place):
    panels.panel_register_each(place, lambda request, items: [SafeString("")])

    with pytest.raises(ValueError, match="another number of items"):
        panels.panels_render_each(place, RequestFactory().get("/"), [1, 2])


def test_panels_render_each_without_providers_gives_empty_parts(place):
    assert panels.panels_render_each(place, RequestFactory().get("/"), ["a", "b"]) == ["", ""]


def test_panel_register_each_refuses_an_unknown_place():
    with pytest.raises(ValueError, match="no list place"):
        panels.panel_register_each("nowhere", lambda request, items: [])
