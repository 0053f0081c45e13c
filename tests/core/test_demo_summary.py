"""`convene demo` tells a newcomer what was loaded and how to sign in, in a few lines."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_prints_a_short_summary_with_the_accounts(settings):
    settings.SITE_URL = "http://127.0.0.1:8001"
    out = StringIO()

    call_command("demo", stdout=out)

    lines = out.getvalue().splitlines()
    # Counts of what is there (other apps' demos add to them).
    assert re.fullmatch(
        r"Demo data ready: \d+ organisations, \d+ events, \d+ series, \d+ resources, "
        r"\d+ questions\.",
        lines[0],
    )
    assert lines[1] == "Sign in at http://127.0.0.1:8001/accounts/login/ as:"
    assert (
        lines[2]
        == "  organiser / organiser-demo-pass  (staff: organises and moderates, Europe/London)"
    )
    assert lines[3] == "  member / member-demo-pass  (a member, Asia/Dhaka)"
    assert len(lines) == 5
    assert not any(line.startswith(("people:", "directory:", "events:")) for line in lines)


def test_demo_lists_what_it_loaded_at_verbosity_two():
    out = StringIO()

    call_command("demo", stdout=out, verbosity=2)

    assert "people: created staff account organiser (password: organiser-demo-pass)" in (
        out.getvalue().splitlines()
    )


def test_demo_says_nothing_at_verbosity_zero():
    out = StringIO()

    call_command("demo", stdout=out, verbosity=0)

    assert out.getvalue() == ""
