import pytest
from django.contrib.auth import get_user_model

from convene.people import demo

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_demo_creates_organiser_and_member_once():
    lines: list[str] = []

    demo.load(log=lines.append)
    demo.load(log=lines.append)

    assert lines == [
        "people: created staff account organiser (password: organiser-demo-pass)",
        "people: created account member (password: member-demo-pass)",
        "people: organiser exists, left as it is",
        "people: member exists, left as it is",
    ]
    organiser = User.objects.get(username="organiser")
    assert (organiser.is_staff, organiser.profile.timezone, organiser.profile.languages) == (
        True,
        "Europe/London",
        ["en", "fr"],
    )
    assert User.objects.get(username="member").check_password("member-demo-pass") is True


def test_demo_leaves_existing_account_alone():
    User.objects.create_user(username="member", password="their-own-pass-99")

    demo.load(log=lambda line: None)

    assert User.objects.get(username="member").check_password("their-own-pass-99") is True
