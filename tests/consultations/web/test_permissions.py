"""Every form of the consultation pages against every role: anonymous people are sent to
sign in, others who may not are told why (403), those who may get through (302). The
services decide; the pages show their answer."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from convene.consultations import services
from convene.consultations.models import Feedback, Version

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "ambassador", "drafter", "committee_member", "staff"]
SIGN_IN = "sign in"

# form -> the answer per role, in the order of ROLES
TABLE = {
    "give": [401, 302, 302, 302, 302, 302],
    "record": [401, 403, 302, 302, 302, 302],
    "triage_item": [401, 403, 403, 302, 302, 302],
    "merge_item": [401, 403, 403, 302, 302, 302],
    "translate": [401, 302, 302, 302, 302, 302],
    "publish": [401, 403, 403, 302, 302, 302],
}
PAGES = {  # pages for a role, read with GET
    "record": [SIGN_IN, 403, 200, 200, 200, 200],
    "triage": [SIGN_IN, 403, 403, 200, 200, 200],
    "publish": [SIGN_IN, 403, 403, 200, 200, 200],
}


def _item(setting: dict[str, Any]) -> Feedback:
    return services.feedback_give(
        actor=setting["other"], chapter=setting["chapter"], text="A point.", paragraph="p2"
    )


def _request(form: str, setting: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    slug = setting["chapter"].slug
    if form == "give":
        return reverse("consultations:give", args=[slug]), {"paragraph": "p2", "text": "Hi."}
    if form == "record":
        return reverse("consultations:record", args=[slug]), {
            "channel": "email", "source": "Mail", "points-TOTAL_FORMS": "1",
            "points-INITIAL_FORMS": "0", "points-0-text": "From an e-mail.",
        }  # fmt: skip
    if form == "triage_item":
        item = _item(setting)
        return reverse("consultations:triage_item", args=[item.pk]), {
            f"t{item.pk}-status": "considering"
        }
    if form == "merge_item":
        item, other = _item(setting), _item(setting)
        return reverse("consultations:merge_item", args=[item.pk]), {"into": other.pk}
    if form == "translate":
        return reverse("consultations:translate", args=[slug, 1]), {
            "language": "fr", "key": "p2", "text": "Le mouvement.",
        }  # fmt: skip
    return reverse("consultations:publish", args=[slug]), {
        "label": "Draft 2", "text": "# Roles\n\nNew text.\n", "format": "markdown",
        "status": "open",
    }  # fmt: skip


def _answer(response: Any) -> Any:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return SIGN_IN
    return response.status_code


@pytest.mark.parametrize("form", list(TABLE))
@pytest.mark.parametrize("role", range(len(ROLES)))
def test_form_permissions(
    form: str,
    role: int,
    published: Version,
    setting: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = setting.get(ROLES[role])
    client = Client()
    if user is not None:
        client.force_login(user)
    url, data = _request(form, setting)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert _answer(response) == TABLE[form][role]


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", range(len(ROLES)))
def test_page_permissions(page: str, role: int, published: Version, setting: dict) -> None:
    user = setting.get(ROLES[role])
    client = Client()
    if user is not None:
        client.force_login(user)

    response = client.get(reverse(f"consultations:{page}", args=[setting["chapter"].slug]))

    assert _answer(response) == PAGES[page][role]
