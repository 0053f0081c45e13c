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

# form -> the answer per role, in the order of ROLES (posting anonymously: 401)
TABLE = {
    "give": [401, 302, 302, 302, 302, 302],
    "record": [401, 403, 302, 302, 302, 302],
    "triage_item": [401, 403, 403, 302, 302, 302],
    "merge_item": [401, 403, 403, 302, 302, 302],
    "translate": [401, 302, 302, 302, 302, 302],
    "publish": [401, 403, 403, 302, 302, 302],
    "import": [401, 403, 302, 302, 302, 302],
    "status": [401, 403, 403, 302, 302, 302],
    "period_add": [401, 403, 403, 302, 302, 302],
}
PAGES = {  # pages for a role, read with GET
    "record": [SIGN_IN, 403, 200, 200, 200, 200],
    "triage": [SIGN_IN, 403, 403, 200, 200, 200],
    "publish": [SIGN_IN, 403, 403, 200, 200, 200],
    "import": [SIGN_IN, 403, 200, 200, 200, 200],
}


def _item(setting: dict[str, Any]) -> Feedback:
    return services.feedback_give(
        actor=setting["other"], chapter=setting["chapter"], text="A point.", paragraph="p2"
    )


def _url(name: str, *args: Any) -> str:
    return reverse(f"consultations:{name}", args=list(args))


def _triage(setting: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    item = _item(setting)
    return _url("triage_item", item.pk), {f"t{item.pk}-status": "considering"}


def _merge(setting: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    item, other = _item(setting), _item(setting)
    return _url("merge_item", item.pk), {"into": other.pk}


SLUG = "roles"
REQUESTS = {
    "give": lambda _s: (_url("give", SLUG), {"paragraph": "p2", "text": "Hi."}),
    "record": lambda _s: (_url("record", SLUG), {
        "channel": "email", "source": "Mail", "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0", "points-0-text": "From an e-mail.",
    }),
    "triage_item": _triage,
    "merge_item": _merge,
    "translate": lambda _s: (_url("translate", SLUG, 1), {
        "language": "fr", "key": "p2", "text": "Le mouvement.",
    }),
    "publish": lambda _s: (_url("publish", SLUG), {
        "label": "Draft 2", "text": "# Roles\n\nNew text.\n", "format": "markdown",
        "status": "open",
    }),
    "import": lambda _s: (_url("import", SLUG), {
        "kind": "survey", "text": "text\nA point from a survey.\n",
    }),
    "status": lambda _s: (_url("status", SLUG, 1), {"status": "closed"}),
    "period_add": lambda _s: (_url("period_add", SLUG), {
        "starts_on": "2031-01-10", "ends_on": "2031-02-10",
    }),
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
    url, data = REQUESTS[form](setting)

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
