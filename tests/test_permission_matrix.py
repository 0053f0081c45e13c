"""The permission matrix (issue 10): every API operation and every HTML view that takes a
POST, for each role, with the answer expected.

The operations come from the OpenAPI schema and the POST views from the URL patterns
(every pattern outside /api/, /admin/, /accounts/ and /i18n/ that does not answer a
POST with 405), so a new endpoint that is not in the table fails
`test_every_operation_and_form_is_in_the_table`. Each row builds one world and each
cell runs in a savepoint rolled back after it (and an empty cache), so that every role
meets the same world:

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
from django.db import transaction
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
        "people": people, "hub": hub, "event": event, "series": series, "asker": asker,
        "question": question, "chapter": chapter, "period": period, "feedback": feedback,
        "charter": charter,
    }  # fmt: skip


# ------------------------------------------------------------------ the API


def _api_args(world: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": world["event"].pk, "series_id": world["series"].pk,
        "question_id": world["question"].pk, "feedback_id": world["feedback"][0],
        "period_id": world["period"].pk, "number": 1, "language": "fr", "key": "p1",
        "code": "FR", "entry_id": world["stage_change"].pk, "resource_id": world["resource"].pk,
    }  # fmt: skip


# The object an operation's `pk` names, by the start of its path.
API_PKS = {
    "/api/ambassadors/applications/": "applied", "/api/ambassadors/": "ambassador",
    "/api/conversations/": "conversation", "/api/grants/{pk}/report": "reported",
    "/api/grants/": "proposal", "/api/receipts/": "receipt",
}  # fmt: skip


def _api_pk(template: str, world: dict[str, Any]) -> int:
    return int(next(world[key] for start, key in API_PKS.items() if template.startswith(start)).pk)


# The body each operation is sent (valid for it: a refusal is about who asks).
BODIES: dict[str, Any] = {
    "PATCH /api/me": {"display_name": "Me"},
    "PATCH /api/events/{event_id}/board": {"premoderation": True},
    "POST /api/events/{event_id}/questions": {"text": "How are hubs funded?"},
    "POST /api/questions/{question_id}/moderation": {"action": "pin"},
    "POST /api/questions/{question_id}/answers": {"text": "Like this."},
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
    "POST /api/chapters/{slug}/versions/from-wiki": {"label": "Draft 2", "page": "Charter"},
    "POST /api/chapters/{slug}/imports/from-wiki": {"page": "Talk:Charter"},
    "POST /api/ambassadors/applications": {
        "languages": ["fr"],
        "activities": ["host"],
        "motivation": "I edit.",
    },
    "POST /api/ambassadors/applications/{pk}/decision": {"accept": True},
    "POST /api/ambassadors/{pk}/facilitator": {"facilitator": "staff"},
    "POST /api/ambassadors/{pk}/withdraw": {},
    "POST /api/rounds": {
        "slug": "round-2",
        "title": "R2",
        "starts_on": "2031-01-01",
        "ends_on": "2031-02-01",
    },
    "POST /api/grant-programmes": {"slug": "g2", "title": "G2", "rubric": [{"label": "Impact"}]},
    "POST /api/ambassadors/{pk}/conversations": {
        "title": "T",
        "starts_at": START.isoformat(),
        "ends_at": (START + dt.timedelta(hours=1)).isoformat(),
    },
    "POST /api/ambassadors/{pk}/translations": {"chapter": "roles", "language": "fr"},
    "POST /api/conversations/{pk}/request": {"body": "mcdc"},
    "POST /api/conversations/{pk}/request/answer": {"accept": False},
    "POST /api/conversations/{pk}/report": {
        "summary": "S",
        "points": [{"chapter": "roles", "text": "More hubs."}],
    },
    "POST /api/hubs/{slug}/resources": {"kind": "video", "title": "T", "url": "https://a.org/v"},
    "PATCH /api/resources/{resource_id}": {"title": "Slides, revised"},
    "POST /api/timeline/{entry_id}/resources": {
        "kind": "report",
        "title": "T",
        "url": "https://a.org/r",
    },
    "POST /api/grants": {
        "kind": "other",
        "title": "T",
        "country": "FR",
        "amount": "10",
        "currency": "USD",
    },
    "POST /api/grants/{pk}/transition": {"to": "declined"},
    "POST /api/grants/{pk}/reviews": {"recommendation": "decline"},
    "POST /api/grants/{pk}/report": {"summary": "Done", "receipts": "r.pdf"},
    "POST /api/grants/{pk}/report/feedback": {},
    "POST /api/countries/{code}/grant-constraints": {
        "kind": "delayed",
        "summary": "Slow.",
        "what_to_do": "Ask early.",
    },
}


def _receipt() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")}


# Operations that take a multipart body (a file) rather than JSON.
MULTIPART = {"POST /api/grants/{pk}/report/receipts": _receipt}


def _api_call(client: Client, operation: str, world: dict[str, Any]) -> int:
    method, template = operation.split(" ", 1)
    args = _api_args(world)
    in_directory = template.startswith(("/api/organisations/", "/api/hubs/"))
    args["slug"] = "hub-a" if in_directory else "roles"
    if "{pk}" in template:
        args["pk"] = _api_pk(template, world)
    path = template.format(**args)
    body = BODIES.get(operation)
    if operation == "POST /api/feedback/{feedback_id}/merge":
        body = {"into": world["feedback"][1]}
    query = {"day": "2030-11-04", "zones": "UTC"} if template == "/api/planner" else {}
    query |= {"country": "FR"} if template == "/api/who-serves" else {}
    if method == "GET":
        response = client.get(path, query)
        if response.streaming:  # a file: read to the end, so that the client closes it
            b"".join(response.streaming_content)
        return response.status_code
    if operation in MULTIPART:
        return client.post(path, MULTIPART[operation]()).status_code
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


# The object a view's `pk` names, by the view's name (else by its app; else the event).
PKS: dict[str, str] = {
    "events:series": "series", "events:planner": "series", "events:series_resource_add": "series",
    "events:timeline_resource_add": "stage_change",
    "programmes:host": "ambassador",
    "programmes:conversation": "conversation", "programmes:report": "conversation",
    "programmes:ambassador": "applied", "programmes:grant_report": "reported",
    "programmes:grant_report_feedback": "reported", "programmes:receipt_add": "reported",
    "programmes:withdraw": "ambassador",
}  # fmt: skip
APP_PKS = {
    "qa": "question",
    "people": "token",
    "consultations": "feedback_item",
    "programmes": "proposal",
}


def _html_kwargs(name: str, world: dict[str, Any]) -> dict[str, Any]:
    app = name.split(":", maxsplit=1)[0]
    pk = world[PKS.get(name, APP_PKS.get(app, "event"))].pk
    return {
        "pk": pk, "event_id": world["event"].pk, "year": 2030, "month": 11,
        "slug": "roles" if app == "consultations" else "hub-a",
        "role_id": world["role"].pk, "membership_id": world["membership"].pk,
        "request_id": world["join_request"].pk,
        "resource_id": world["resource"].pk, "number": 1, "key": "p1", "code": "FR",
        "comment_id": world["comment"].pk, "username": "asker", "token": "x",
    }  # fmt: skip


def _html_url(name: str, pattern: Any, world: dict[str, Any]) -> str:
    from django.urls import reverse

    wanted = pattern.pattern.regex.groupindex
    kwargs = {key: value for key, value in _html_kwargs(name, world).items() if key in wanted}
    if name in {"directory:community", "directory:community_edit"}:
        kwargs["slug"] = "comm-a"
    if name in {"programmes:round_edit", "programmes:programme_edit"}:
        kwargs["slug"] = "round-1" if name == "programmes:round_edit" else "grants"
    return reverse(name, kwargs=kwargs)


def _html_world(world: dict[str, Any]) -> dict[str, Any]:
    from convene.consultations.models import Feedback
    from convene.directory.models import Community, HubRole, Membership, StageChange
    from convene.directory.services import membership_request
    from convene.events.models import Comment
    from convene.events.services import resource_add
    from convene.people.services import api_token_create

    asker = world["question"].author
    world["token"] = api_token_create(user=asker, name="script")[0]
    world["role"] = HubRole.objects.create(organisation=world["hub"], role="mentorship")
    world["membership"] = Membership.objects.create(organisation=world["hub"], user=asker)
    world["comment"] = Comment.objects.create(
        event=world["event"], author=asker, body="Hi", created_at=START
    )
    Community.objects.create(slug="comm-a", name="Community A")
    world["join_request"] = membership_request(
        actor=world["people"]["member"], organisation=world["hub"], message="Hello"
    )
    world["resource"] = resource_add(
        actor=world["people"]["organiser"], kind="slides", title="Slides",
        event=world["event"], url="https://example.org/slides",
    )  # fmt: skip
    world["feedback_item"] = Feedback.objects.get(pk=world["feedback"][0])
    world["stage_change"] = StageChange.objects.create(
        organisation=world["hub"], to_stage="idea", changed_on=dt.date(2020, 5, 1)
    )
    return _programmes_world(world)


def _programmes_world(world: dict[str, Any]) -> dict[str, Any]:
    """An ambassador (the asker, accepted) with a conversation that asked the committee
    for a member; another person's undecided application; the asker's grant proposals,
    one under review and one paid and reported on. No role of the table is the applicant,
    the ambassador or a reviewer."""
    from convene.directory.models import Country, Language, Organisation
    from convene.programmes import services as programmes
    from convene.programmes.models import GrantProgramme

    staff, asker = world["people"]["staff"], world["asker"]
    Language.objects.get_or_create(code="fr", defaults={"name": "French"})
    france = Country.objects.get_or_create(code="FR", defaults={"name": "France"})[0]
    programmes.round_create(
        actor=staff, slug="round-1", title="Ambassadors", starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2040, 1, 1), charter=world["charter"],
    )  # fmt: skip
    reviewer = _person("reviewer")
    GrantProgramme.objects.create(
        slug="grants", title="Grants", threshold=1, rubric=[{"key": "impact", "label": "Impact"}]
    ).reviewers.add(reviewer)
    world["applied"] = programmes.ambassador_apply(
        actor=_person("applicant"), languages=["fr"], activities=["host"], motivation="Me."
    )
    world["ambassador"] = programmes.ambassador_decide(
        actor=staff,
        ambassador=programmes.ambassador_apply(
            actor=asker, languages=["fr"], activities=["host"], motivation="I edit."
        ),
        accept=True,
    )
    world["conversation"] = programmes.member_request(
        actor=asker,
        conversation=programmes.conversation_host(
            actor=asker, ambassador=world["ambassador"], title="Conversation",
            starts_at=dt.datetime(2021, 1, 1, 9, tzinfo=dt.UTC),
            ends_at=dt.datetime(2021, 1, 1, 10, tzinfo=dt.UTC),
        ),
        body=Organisation.objects.get(slug="mcdc"),
    )  # fmt: skip
    proposals = [
        programmes.proposal_create(
            actor=asker, kind="meetup", title=f"Meetup {n}", country=france, amount="100.00",
            currency="EUR", budget_lines=[{"label": "Venue", "amount": "100"}],
        )
        for n in (1, 2)
    ]  # fmt: skip
    for proposal in proposals:
        programmes.proposal_transition(actor=asker, proposal=proposal, to="submitted")
        programmes.proposal_transition(actor=staff, proposal=proposal, to="under_review")
    world["proposal"], reported = proposals
    programmes.review_save(actor=reviewer, proposal=reported, recommendation="approve")
    for to in ("approved", "agreement", "paid"):
        programmes.proposal_transition(actor=staff, proposal=reported, to=to)
    programmes.grant_report_file(
        actor=asker, proposal=reported, summary="Done",
        points=[programmes.PointIn(chapter="roles", text="Meetups need travel support")],
        receipt_files=[_receipt()["file"]],
    )  # fmt: skip
    world["reported"] = reported
    world["receipt"] = reported.report.receipt_files.get()
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
    "qa:answer": {"text": "Like this.", "mode": "written"},
    "qa:moderate_question": {"action": "pin"},
    "events:comment_moderate": {"action": "hide"},
    "consultations:status": {"status": "closed"},
    "consultations:period_add": {"starts_on": "2041-01-01", "ends_on": "2041-02-01"},
    "directory:join_decide": {"decision": "decline"},
    "programmes:apply": {"motivation": "I edit."},
    "programmes:propose": {"country": "FR"},
    "programmes:ambassador": {"decide": "1", "accept": "no"},
    "programmes:conversation": {"ask": "1", "body": "hub-a"},
    "programmes:country": {"kind": "delayed", "summary": "Slow.", "what_to_do": "Ask early."},
    "programmes:grant": {"recommendation": "decline"},
    "programmes:transition": {"to": "declined"},
}


def _form(name: str, world: dict[str, Any]) -> dict[str, Any]:
    """What `name` is posted with: `FORMS`, or a form that names the world's objects."""
    first, second = world["feedback"]
    if name == "consultations:triage_item":
        return {f"t{first}-status": "considering"}
    if name == "consultations:merge_item":
        return {"into": second}
    return FORMS.get(name, {})


def _html_call(client: Client, name: str, world: dict[str, Any]) -> int:
    pattern = dict(_patterns(get_resolver().url_patterns))[name]
    return client.post(_html_url(name, pattern, world), _form(name, world)).status_code


# ------------------------------------------------------------------ the table
# Columns: anonymous, member, blocked, coordinator, moderator, organiser, staff.

API: dict[str, tuple[int, ...]] = {
    "DELETE /api/chapters/{slug}/periods/{period_id}": (401, 403, 401, 403, 403, 403, 204),
    "DELETE /api/events/{event_id}/registration": (401, 404, 401, 404, 404, 404, 404),
    "DELETE /api/questions/{question_id}/vote": (401, 200, 401, 200, 200, 200, 200),
    "DELETE /api/resources/{resource_id}": (401, 403, 401, 403, 403, 204, 204),
    "GET /api/ambassadors": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/ambassadors/activity.csv": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/ambassadors/applications": (401, 200, 401, 200, 200, 200, 200),
    "GET /api/ambassadors/gaps": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/ambassadors/{pk}/activity": (200, 200, 200, 200, 200, 200, 200),
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
    "GET /api/countries/{code}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/coverage": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/currencies": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/events": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/events/{event_id}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/events/{event_id}/board": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/events/{event_id}/link": (403, 403, 403, 403, 403, 200, 200),
    "GET /api/events/{event_id}/notes": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/events/{event_id}/questions": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/feedback/{feedback_id}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/grants": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/grants/funded.csv": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/grants/funded.json": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/grants/{pk}": (404, 404, 404, 404, 404, 404, 200),
    "GET /api/grants/{pk}/reviews": (401, 404, 401, 404, 404, 404, 200),
    "GET /api/grants/{pk}/report/receipts": (401, 404, 401, 404, 404, 404, 200),
    "GET /api/receipts/{pk}": (401, 404, 401, 404, 404, 404, 200),
    "GET /api/hubs": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/hubs/{slug}/resources": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/languages": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/me": (401, 200, 401, 200, 200, 200, 200),
    "GET /api/organisations": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/organisations/{slug}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/planner": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/questions/{question_id}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/regions": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/series/{series_id}": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/timeline/{entry_id}/resources": (200, 200, 200, 200, 200, 200, 200),
    "GET /api/who-serves": (200, 200, 200, 200, 200, 200, 200),
    "PATCH /api/events/{event_id}/board": (401, 403, 401, 403, 200, 200, 200),
    "PATCH /api/resources/{resource_id}": (401, 403, 401, 403, 403, 200, 200),
    "PATCH /api/me": (401, 200, 401, 200, 200, 200, 200),
    "POST /api/ambassadors/applications": (401, 201, 401, 201, 201, 201, 201),
    "POST /api/ambassadors/applications/{pk}/decision": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/ambassadors/{pk}/conversations": (401, 403, 401, 403, 403, 403, 403),
    "POST /api/ambassadors/{pk}/facilitator": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/ambassadors/{pk}/withdraw": (401, 403, 401, 403, 403, 403, 403),
    "POST /api/ambassadors/{pk}/translations": (401, 403, 401, 403, 403, 403, 403),
    "POST /api/chapters": (401, 403, 401, 403, 403, 403, 201),
    "POST /api/chapters/{slug}/feedback": (401, 201, 401, 201, 201, 201, 201),
    "POST /api/chapters/{slug}/imports": (401, 403, 401, 201, 403, 403, 201),
    "POST /api/chapters/{slug}/imports/from-wiki": (401, 403, 401, 409, 403, 403, 409),
    "POST /api/chapters/{slug}/periods": (401, 403, 401, 403, 403, 403, 201),
    "POST /api/chapters/{slug}/versions": (401, 403, 401, 403, 403, 403, 201),
    "POST /api/chapters/{slug}/versions/from-wiki": (401, 403, 401, 403, 403, 403, 409),
    "POST /api/chapters/{slug}/versions/{number}/status": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/conversations/{pk}/report": (401, 403, 401, 403, 403, 403, 403),
    "POST /api/conversations/{pk}/request": (401, 403, 401, 403, 403, 403, 403),
    "POST /api/conversations/{pk}/request/answer": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/countries/{code}/grant-constraints": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/events/{event_id}/notes/import": (401, 403, 401, 403, 403, 200, 200),
    "POST /api/events/{event_id}/questions": (401, 201, 401, 201, 201, 201, 201),
    "POST /api/events/{event_id}/registration": (401, 200, 401, 200, 200, 200, 200),
    "POST /api/feedback/{feedback_id}/merge": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/feedback/{feedback_id}/triage": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/grants": (401, 201, 401, 201, 201, 201, 201),
    "POST /api/hubs/{slug}/resources": (401, 403, 401, 403, 403, 403, 201),
    "POST /api/timeline/{entry_id}/resources": (401, 403, 401, 403, 403, 403, 201),
    "POST /api/grants/{pk}/report": (401, 403, 401, 403, 403, 403, 403),
    "POST /api/grants/{pk}/report/feedback": (401, 403, 401, 403, 403, 403, 200),
    "POST /api/grants/{pk}/report/receipts": (401, 404, 401, 404, 404, 404, 403),
    "POST /api/grants/{pk}/reviews": (401, 404, 401, 404, 404, 404, 201),
    "POST /api/grants/{pk}/transition": (401, 404, 401, 404, 404, 404, 200),
    "POST /api/grant-programmes": (401, 403, 401, 403, 403, 403, 201),
    "POST /api/notes/parse": (401, 200, 401, 200, 200, 200, 200),
    "POST /api/questions/{question_id}/answers": (401, 403, 401, 403, 201, 201, 201),
    "POST /api/questions/{question_id}/moderation": (401, 403, 401, 403, 200, 200, 200),
    "POST /api/questions/{question_id}/vote": (401, 200, 401, 200, 200, 200, 200),
    "POST /api/rounds": (401, 403, 401, 403, 403, 403, 201),
    "PUT /api/chapters/{slug}/versions/{number}/translations/{language}/{key}": (
        401, 200, 401, 200, 200, 200, 200
    ),
}  # fmt: skip

HTML: dict[str, tuple[int, ...]] = {
    "consultations:give": (401, 400, 401, 400, 400, 400, 400),
    "consultations:import": (401, 403, 401, 400, 403, 403, 400),
    "consultations:merge_item": (401, 403, 401, 403, 403, 403, 302),
    "consultations:period_add": (401, 403, 401, 403, 403, 403, 302),
    "consultations:publish": (401, 403, 401, 403, 403, 403, 400),
    "consultations:record": (401, 403, 401, 400, 403, 403, 400),
    "consultations:status": (401, 403, 401, 403, 403, 403, 302),
    "consultations:translate": (401, 400, 401, 400, 400, 400, 400),
    "consultations:triage_item": (401, 403, 401, 403, 403, 403, 302),
    "core:set_language": (302, 302, 302, 302, 302, 302, 302),
    "core:timezone": (400, 400, 400, 400, 400, 400, 400),
    "directory:community_create": (302, 403, 302, 403, 403, 403, 400),
    "directory:community_edit": (302, 403, 302, 403, 403, 403, 400),
    "directory:decide": (302, 400, 302, 400, 400, 400, 400),
    "directory:join": (302, 302, 302, 302, 302, 302, 302),
    "directory:join_decide": (302, 403, 302, 403, 403, 403, 302),
    "directory:membership_add": (302, 400, 302, 400, 400, 400, 400),
    "directory:membership_remove": (302, 403, 302, 403, 403, 403, 302),
    "directory:organisation_create": (302, 403, 302, 403, 403, 403, 400),
    "directory:organisation_edit": (302, 403, 302, 403, 403, 403, 400),
    "directory:propose": (200, 400, 200, 400, 400, 400, 400),
    "directory:recognise": (302, 400, 302, 400, 400, 400, 400),
    "directory:role_remove": (302, 403, 302, 403, 403, 403, 302),
    "directory:role_set": (302, 400, 302, 400, 400, 400, 400),
    "directory:stage_change": (302, 400, 302, 400, 400, 400, 400),
    "events:cancel": (302, 404, 302, 404, 404, 404, 404),
    "events:comment": (302, 302, 302, 302, 302, 302, 302),
    "events:comment_moderate": (302, 403, 302, 403, 403, 302, 302),
    "events:create": (302, 403, 302, 200, 403, 403, 200),
    "events:edit": (302, 403, 302, 403, 403, 200, 200),
    "events:hub_resource_add": (302, 403, 302, 403, 403, 403, 200),
    "events:mine": (302, 302, 302, 302, 302, 302, 302),
    "events:planner": (302, 403, 302, 403, 403, 403, 302),
    "events:register": (302, 302, 302, 302, 302, 302, 302),
    "events:resource_add": (302, 403, 302, 403, 403, 200, 200),
    "events:resource_edit": (302, 403, 302, 403, 403, 200, 200),
    "events:resource_remove": (302, 403, 302, 403, 403, 302, 302),
    "events:series_create": (302, 403, 302, 200, 403, 403, 200),
    "events:series_resource_add": (302, 403, 302, 403, 403, 403, 200),
    "events:status": (302, 403, 302, 403, 403, 302, 302),
    "events:timeline_resource_add": (302, 403, 302, 403, 403, 403, 200),
    "notes:announcement": (401, 403, 401, 403, 403, 400, 400),
    "notes:import": (401, 403, 401, 403, 403, 400, 400),
    "notes:publish": (401, 403, 401, 403, 403, 400, 400),
    "notes:retry": (404, 404, 404, 404, 404, 404, 404),
    "people:notices": (302, 302, 302, 302, 302, 302, 302),
    "people:profile_edit": (302, 302, 302, 302, 302, 302, 302),
    "people:token_create": (302, 400, 302, 400, 400, 400, 400),
    "people:token_revoke": (302, 404, 302, 404, 404, 404, 404),
    "programmes:ambassador": (404, 404, 404, 404, 404, 404, 302),
    "programmes:apply": (401, 400, 401, 400, 400, 400, 400),
    "programmes:conversation": (401, 403, 401, 403, 403, 403, 403),
    "programmes:country": (401, 403, 401, 403, 403, 403, 302),
    "programmes:grant": (404, 404, 404, 404, 404, 404, 302),
    "programmes:grant_report": (401, 403, 401, 403, 403, 403, 403),
    "programmes:grant_report_feedback": (401, 403, 401, 403, 403, 403, 302),
    "programmes:host": (401, 403, 401, 403, 403, 403, 403),
    "programmes:programme_edit": (401, 403, 401, 403, 403, 403, 400),
    "programmes:programme_new": (401, 403, 401, 403, 403, 403, 400),
    "programmes:propose": (401, 400, 401, 400, 400, 400, 400),
    "programmes:receipt_add": (401, 403, 401, 403, 403, 403, 403),
    "programmes:report": (401, 403, 401, 403, 403, 403, 403),
    "programmes:round_edit": (401, 403, 401, 403, 403, 403, 400),
    "programmes:round_new": (401, 403, 401, 403, 403, 403, 400),
    "programmes:transition": (401, 404, 401, 404, 404, 404, 302),
    "programmes:withdraw": (401, 403, 401, 403, 403, 403, 403),
    "qa:answer": (401, 403, 401, 403, 302, 302, 302),
    "qa:ask": (400, 400, 400, 400, 400, 400, 400),
    "qa:assign": (401, 403, 401, 403, 302, 302, 302),
    "qa:moderate_question": (401, 403, 401, 403, 302, 302, 302),
    "qa:settings": (401, 403, 401, 403, 302, 302, 302),
    "qa:vote": (401, 302, 401, 302, 302, 302, 302),
}  # fmt: skip


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    """Grant receipts go to the test's own folder."""
    settings.PRIVATE_FILES_DIR = tmp_path / "private"


@pytest.fixture(autouse=True)
def _unreachable_wiki(settings: Any) -> None:
    """The site's wiki refuses the connection at once: an operation that reads the wiki
    and gets past its permission check answers 409 ("unreachable")."""
    settings.WIKI_HOST, settings.WIKI_SCHEME = "127.0.0.1:9", "http"
    settings.WIKI_MAX_RETRIES, settings.WIKI_TIMEOUT = 0, 2


ROWS = [("api", op) for op in sorted(API)] + [("html", name) for name in sorted(HTML)]


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
@pytest.mark.parametrize(("kind", "operation"), ROWS)
def test_permission(kind: str, operation: str) -> None:
    world = _html_world(_world())
    table = API if kind == "api" else HTML
    call = _api_call if kind == "api" else _html_call
    answers = {}
    for role in ROLES:
        savepoint = transaction.savepoint()
        cache.clear()
        answers[role] = call(_client(role, world), operation, world)
        transaction.savepoint_rollback(savepoint)

    assert answers == dict(zip(ROLES, table[operation], strict=True))
