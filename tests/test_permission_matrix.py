"""The permission matrix (issue 10): every API operation and every HTML view that takes a
POST, for each role, with the answer expected.

The operations come from the OpenAPI schema and the POST views from the URL patterns
(every pattern outside /api/, /admin/, /accounts/ and /i18n/ that does not answer a
POST with 405), so a new endpoint that is not in the table fails
`test_every_operation_and_form_is_in_the_table`. Each cell runs in a fresh world:

- anonymous; member (signed in, no role); blocked (a blocked member);
- coordinator (coordinator of another organisation than the one under test);
- moderator (a moderator of the event's board); organiser (the event's organiser);
- staff.

The answer is the status code: API bodies are valid for the operation, so a refusal is
about who asks; HTML forms are posted empty, so an allowed role gets the form back with
its errors (400) or is sent on (302), a refused one gets 403 (or, anonymous, the
sign-in redirect 302); forms that would be refused empty before anyone is asked are
posted with `FORMS`.
"""

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "member", "blocked", "coordinator", "moderator", "organiser", "staff")
START = dt.datetime(2030, 11, 4, 9, 0, tzinfo=dt.UTC)
DRAFT = "# Roles\n\nHubs support groups.\n\nAffiliates organise communities.\n"


def _person(username: str, **profile: Any) -> Any:
    from tests.factories import ProfileFactory, UserFactory

    return ProfileFactory(user=UserFactory(username=username), **profile).user


def _world() -> dict[str, Any]:
    from convene.consultations import services as consultations
    from convene.consultations.models import Chapter, Charter, ConsultationPeriod
    from convene.directory.models import Kind, Membership, Organisation, PersonRole
    from convene.events.services import When, event_create, series_create
    from convene.qa import services as qa

    cache.clear()
    people = {role: _person(role) for role in ROLES if role != "anonymous"}
    people["staff"].is_staff = True
    people["staff"].save()
    people["blocked"].profile.blocked = True
    people["blocked"].profile.save()
    asker = _person("asker")
    hub = Organisation.objects.create(slug="hub-a", name="Hub A", kind=Kind.HUB)
    other = Organisation.objects.create(slug="org-b", name="Org B", kind=Kind.USER_GROUP)
    Membership.objects.create(
        organisation=other, user=people["coordinator"], role=PersonRole.COORDINATOR
    )
    series = series_create(actor=people["staff"], title="AMA series")
    event = event_create(
        actor=people["staff"],
        title="Ask Me Anything",
        when=When(starts_at=START, ends_at=START + dt.timedelta(hours=1)),
        organisers_people=[people["organiser"]],
        call_link="https://meet.example.org/ama",
    )
    qa.board_add_moderator(actor=people["organiser"], event=event, user=people["moderator"])
    question = qa.question_ask(actor=asker, event=event, text="What is a hub?")
    committee = Organisation.objects.create(slug="mcdc", name="MCDC", kind=Kind.COMMITTEE)
    group = Organisation.objects.create(
        slug="mcdc-rr", name="R&R", kind=Kind.DRAFTING_GROUP, parent=committee
    )
    charter = Charter.objects.create(slug="charter", title="Charter", committee=committee)
    chapter = Chapter.objects.create(
        charter=charter, slug="roles", title="Roles", order=1, drafting_group=group
    )
    consultations.version_publish(
        actor=people["staff"], chapter=chapter, label="Draft 1", text=DRAFT
    )
    period = ConsultationPeriod.objects.create(
        charter=charter, chapter=chapter, starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2040, 1, 1),
    )  # fmt: skip
    feedback = [
        consultations.feedback_give(actor=asker, chapter=chapter, text=f"Point {n}").pk
        for n in (1, 2)
    ]
    return {
        "people": people, "hub": hub, "event": event, "series": series,
        "question": question, "chapter": chapter, "period": period, "feedback": feedback,
    }  # fmt: skip


# ------------------------------------------------------------------ the API


def _api_args(world: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": world["event"].pk, "series_id": world["series"].pk,
        "question_id": world["question"].pk, "feedback_id": world["feedback"][0],
        "period_id": world["period"].pk, "number": 1, "language": "fr", "key": "p1",
    }  # fmt: skip


# The body each operation is sent (valid for it: a refusal is about who asks).
BODIES: dict[str, Any] = {
    "PATCH /api/me": {"display_name": "Me"},
    "PATCH /api/events/{event_id}/board": {"premoderation": True},
    "POST /api/events/{event_id}/questions": {"text": "How are hubs funded?"},
    "POST /api/questions/{question_id}/moderation": {"action": "pin"},
    "POST /api/questions/{question_id}/answers": {"text": "Like this.", "by": "MCDC"},
    "POST /api/notes/parse": {"text": "* Q: What?\n** A: That.", "format": "text"},
    "POST /api/events/{event_id}/notes/import": {"text": "* Q: What?\n** A: That."},
    "POST /api/chapters": {"slug": "new", "title": "New"},
    "POST /api/chapters/{slug}/versions": {"label": "Draft 2", "text": DRAFT + "More.\n"},
    "POST /api/chapters/{slug}/versions/{number}/status": {"status": "closed"},
    "POST /api/chapters/{slug}/feedback": {"text": "More hubs."},
    "POST /api/feedback/{feedback_id}/triage": {"status": "considering"},
    "POST /api/feedback/{feedback_id}/merge": {"into": None},  # the world's second item
    "POST /api/chapters/{slug}/imports": {"format": "survey", "data": "text\nhello\n"},
    "POST /api/chapters/{slug}/periods": {"starts_on": "2041-01-01", "ends_on": "2041-02-01"},
    "PUT /api/chapters/{slug}/versions/{number}/translations/{language}/{key}": {
        "text": "Les hubs."
    },
}


def _api_call(client: Client, operation: str, world: dict[str, Any]) -> int:
    method, template = operation.split(" ", 1)
    args = _api_args(world)
    args["slug"] = "hub-a" if template.startswith("/api/organisations/") else "roles"
    path = template.format(**args)
    body = BODIES.get(operation)
    if operation == "POST /api/feedback/{feedback_id}/merge":
        body = {"into": world["feedback"][1]}
    query = {"day": "2030-11-04", "zones": "UTC"} if template == "/api/planner" else {}
    query |= {"country": "FR"} if template == "/api/who-serves" else {}
    if method == "GET":
        return client.get(path, query).status_code
    return client.generic(
        method, path, data=b"" if body is None else json.dumps(body),
        content_type="application/json",
    ).status_code  # fmt: skip


def _schema_operations() -> list[str]:
    from convene.api.api import api

    paths = api.get_openapi_schema()["paths"]
    return sorted(f"{method.upper()} {path}" for path, ops in paths.items() for method in ops)


# ------------------------------------------------------------------ the HTML forms

SKIPPED_PREFIXES = ("api/", "admin/", "accounts/", "i18n/")


def _patterns(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, Any]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = prefix + str(entry.pattern)
            if not inner.startswith(SKIPPED_PREFIXES):
                found += _patterns(entry.url_patterns, inner, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{namespace}:{entry.name}" if namespace else entry.name, entry))
    return found


def _html_kwargs(name: str, world: dict[str, Any]) -> dict[str, Any]:
    app = name.split(":", maxsplit=1)[0]
    pk = {"qa": world["question"].pk, "people": world["token"].pk}.get(app, world["event"].pk)
    if name in ("events:series", "events:planner"):
        pk = world["series"].pk
    return {
        "pk": pk, "event_id": world["event"].pk, "slug": "hub-a", "year": 2030, "month": 11,
        "role_id": world["role"].pk, "membership_id": world["membership"].pk,
        "comment_id": world["comment"].pk, "username": "asker", "token": "x",
    }  # fmt: skip


def _html_url(name: str, pattern: Any, world: dict[str, Any]) -> str:
    from django.urls import reverse

    wanted = pattern.pattern.regex.groupindex
    kwargs = {key: value for key, value in _html_kwargs(name, world).items() if key in wanted}
    if name in {"directory:community", "directory:community_edit"}:
        kwargs["slug"] = "comm-a"
    return reverse(name, kwargs=kwargs)


def _html_world(world: dict[str, Any]) -> dict[str, Any]:
    from convene.directory.models import Community, HubRole, Membership
    from convene.events.models import Comment
    from convene.people.services import api_token_create

    asker = world["question"].author
    world["token"] = api_token_create(user=asker, name="script")[0]
    world["role"] = HubRole.objects.create(organisation=world["hub"], role="mentorship")
    world["membership"] = Membership.objects.create(organisation=world["hub"], user=asker)
    world["comment"] = Comment.objects.create(
        event=world["event"], author=asker, body="Hi", created_at=START
    )
    Community.objects.create(slug="comm-a", name="Community A")
    return world


def _post_views() -> list[str]:
    """Every named URL pattern whose view takes a POST (its name)."""
    return sorted({name for name, _ in _patterns(get_resolver().url_patterns)})


def _client(role: str, world: dict[str, Any]) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world["people"][role])
    return client


# What a form is posted with where an empty one would be refused before anyone is asked.
FORMS: dict[str, dict[str, str]] = {
    "qa:ask": {"text": "How are hubs funded?"},
    "qa:answer": {"text": "Like this.", "by": "MCDC", "mode": "written"},
    "qa:moderate_question": {"action": "pin"},
    "events:comment_moderate": {"action": "hide"},
}


def _html_call(client: Client, name: str, world: dict[str, Any]) -> int:
    pattern = dict(_patterns(get_resolver().url_patterns))[name]
    return client.post(_html_url(name, pattern, world), FORMS.get(name, {})).status_code


# ------------------------------------------------------------------ the table
# Columns: anonymous, member, blocked, coordinator, moderator, organiser, staff.

API: dict[str, tuple[int, ...]] = {
    "DELETE /api/chapters/{slug}/periods/{period_id}": (401, 403, 401, 403, 403, 403, 204),
    "DELETE /api/events/{event_id}/registration": (401, 404, 401, 404, 404, 404, 404),
    "DELETE /api/questions/{question_id}/vote": (401, 200, 401, 200, 200, 200, 200),
    "GET /api/chapters": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/chapters/{slug}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/chapters/{slug}/feedback": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/chapters/{slug}/periods": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/chapters/{slug}/themes": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/chapters/{slug}/versions": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/chapters/{slug}/versions/{number}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/chapters/{slug}/versions/{number}/diff": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/chapters/{slug}/versions/{number}/translations": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/chapters/{slug}/versions/{number}/translations/{language}": (
        200, 200, 200, 200, 200, 200, 200
    ),
    "GET /api/countries": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/coverage": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/events": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/events/{event_id}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/events/{event_id}/board": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/events/{event_id}/link": (403, 403, 403, 403, 403, 200, 200),
    "GET /api/events/{event_id}/notes": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/events/{event_id}/questions": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/feedback/{feedback_id}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/hubs": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/languages": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/me": (401, 200, 401, 200, 200, 200, 200),
    "GET /api/organisations": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/organisations/{slug}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/planner": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/questions/{question_id}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/regions": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/series/{series_id}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/who-serves": (400, 400, 400, 400, 400, 400, 400),
    "PATCH /api/events/{event_id}/board": (401, 403, 401, 403, 200, 200, 200),
    "PATCH /api/me": (401, 200, 401, 200, 200, 200, 200),
    "POST /api/chapters": (401, 403, 401, 403, 403, 403, 201),
    "POST /api/chapters/{slug}/feedback": (401, 201, 401, 201, 201, 201, 201),
    "POST /api/chapters/{slug}/imports": (401, 403, 401, 201, 403, 403, 201),
    "POST /api/chapters/{slug}/periods": (401, 403, 401, 403, 403, 403, 201),
    "POST /api/chapters/{slug}/versions": (401, 403, 401, 403, 403, 403, 201),
    "POST /api/chapters/{slug}/versions/{number}/status": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/events/{event_id}/notes/import": (401, 403, 401, 403, 403, 200, 200),
    "POST /api/events/{event_id}/questions": (401, 201, 401, 201, 201, 201, 201),
    "POST /api/events/{event_id}/registration": (401, 200, 401, 200, 200, 200, 200),
    "POST /api/feedback/{feedback_id}/merge": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/feedback/{feedback_id}/triage": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/notes/parse": (401, 200, 401, 200, 200, 200, 200),
    "POST /api/questions/{question_id}/answers": (401, 403, 401, 403, 201, 201, 201),
    "POST /api/questions/{question_id}/moderation": (401, 403, 401, 403, 200, 200, 200),
    "POST /api/questions/{question_id}/vote": (401, 200, 401, 200, 200, 200, 200),
    "PUT /api/chapters/{slug}/versions/{number}/translations/{language}/{key}": (
        401, 200, 401, 200, 200, 200, 200
    ),
}  # fmt: skip

HTML: dict[str, tuple[int, ...]] = {
    "core:set_language": (302, 302, 302, 302, 302, 302, 302),
    "core:timezone": (400, 400, 400, 400, 400, 400, 400),
    "directory:community_create": (302, 403, 302, 403, 403, 403, 400),
    "directory:community_edit": (302, 403, 302, 403, 403, 403, 400),
    "directory:decide": (302, 400, 302, 400, 400, 400, 400),
    "directory:membership_add": (302, 400, 302, 400, 400, 400, 400),
    "directory:membership_remove": (302, 403, 302, 403, 403, 403, 302),
    "directory:organisation_create": (302, 403, 302, 403, 403, 403, 400),
    "directory:organisation_edit": (302, 403, 302, 403, 403, 403, 400),
    "directory:propose": (302, 400, 302, 400, 400, 400, 400),
    "directory:recognise": (302, 400, 302, 400, 400, 400, 400),
    "directory:role_remove": (302, 403, 302, 403, 403, 403, 302),
    "directory:role_set": (302, 400, 302, 400, 400, 400, 400),
    "directory:stage_change": (302, 400, 302, 400, 400, 400, 400),
    "events:cancel": (302, 404, 302, 404, 404, 404, 404),
    "events:comment": (302, 302, 302, 302, 302, 302, 302),
    "events:comment_moderate": (302, 403, 302, 403, 403, 302, 302),
    "events:create": (302, 403, 302, 200, 403, 403, 200),
    "events:edit": (302, 403, 302, 403, 403, 200, 200),
    "events:mine": (302, 302, 302, 302, 302, 302, 302),
    "events:planner": (302, 403, 302, 403, 403, 403, 302),
    "events:register": (302, 302, 302, 302, 302, 302, 302),
    "events:series_create": (302, 403, 302, 200, 403, 403, 200),
    "events:status": (302, 403, 302, 403, 403, 302, 302),
    "notes:announcement": (401, 403, 401, 403, 403, 400, 400),
    "notes:import": (401, 403, 401, 403, 403, 400, 400),
    "notes:publish": (401, 403, 401, 403, 403, 400, 400),
    "notes:retry": (404, 404, 404, 404, 404, 404, 404),
    "people:notices": (302, 302, 302, 302, 302, 302, 302),
    "people:profile_edit": (302, 302, 302, 302, 302, 302, 302),
    "people:token_create": (302, 400, 302, 400, 400, 400, 400),
    "people:token_revoke": (302, 404, 302, 404, 404, 404, 404),
    "qa:answer": (401, 403, 401, 403, 302, 302, 302),
    "qa:ask": (400, 400, 400, 400, 400, 400, 400),
    "qa:assign": (401, 403, 401, 403, 302, 302, 302),
    "qa:moderate_question": (401, 403, 401, 403, 302, 302, 302),
    "qa:settings": (401, 403, 401, 403, 302, 302, 302),
    "qa:vote": (401, 302, 401, 302, 302, 302, 302),
}  # fmt: skip

CELLS = [("api", op, role) for op in sorted(API) for role in ROLES] + [
    ("html", name, role) for name in sorted(HTML) for role in ROLES
]


@pytest.mark.django_db
def test_every_operation_and_form_is_in_the_table() -> None:
    world = _html_world(_world())
    staff = _client("staff", world)
    posting = sorted(
        name
        for name, pattern in _patterns(get_resolver().url_patterns)
        if staff.post(_html_url(name, pattern, world), {}).status_code != 405
    )

    assert (_schema_operations(), posting) == (sorted(API), sorted(HTML))


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "operation", "role"), CELLS)
def test_permission(kind: str, operation: str, role: str) -> None:
    world = _html_world(_world())
    client = _client(role, world)
    table = API if kind == "api" else HTML
    call = _api_call if kind == "api" else _html_call

    assert call(client, operation, world) == table[operation][ROLES.index(role)]
