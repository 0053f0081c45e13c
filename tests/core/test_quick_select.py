"""QuickSelect writes the same HTML as Django's Select, from Python."""

import pytest
from django import forms

from convene.core.forms import QuickSelect

CHOICES = [("", "—"), ("a&b", "A <b>"), (3, "three"), ("Group", [("x", "X"), ("y", "Y")])]


@pytest.mark.parametrize("value", [None, "", "a&b", "3", "y", ["x"]])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_f", "required": True, "disabled": False, "data-x": 'q"'}]
)
def test_quick_select_renders_as_django_select(value, attrs):
    expected = forms.Select(choices=CHOICES).render("f<", value, attrs)

    rendered = QuickSelect(choices=CHOICES).render("f<", value, attrs)

    assert rendered == expected
