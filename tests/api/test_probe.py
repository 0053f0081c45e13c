"""The outside probe, in the suite: schemathesis over the whole API (issue 10).

The schema is read in-process from the WSGI app (`/api/openapi.json`) and every operation
is called with generated input, anonymously and with a member's API token, with all of
schemathesis's checks on: no server error, only status codes and content types the schema
declares, responses that conform to their declared schema. Bounded (`max_examples`,
`deadline`) to a few minutes on a 2-core machine; `-m "not probe"` leaves it out.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from schemathesis.checks import CHECKS
from schemathesis.specs.openapi.checks import positive_data_acceptance

from convene.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.probe]

MAX_EXAMPLES = 20
START = dt.datetime(2030, 11, 4, 9, 0, tzinfo=dt.UTC)
RAN: Counter[str] = Counter()


@pytest.fixture(autouse=True)
def _connections_stay_open() -> Iterator[None]:
    """The probe calls the WSGI app itself, not through Django's test client, so the
    request signals would close the database connection after each response — on
    PostgreSQL that ends the test's transaction. The test client disconnects them the same
    way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db: None, settings: Any) -> dict[str, Any]:
    """A little of everything, so that some generated ids and slugs hit real rows."""
    from convene.consultations import services as consultations
    from convene.consultations.models import Chapter, Charter
    from convene.directory.models import Kind, Organisation
    from convene.events.services import When, event_create
    from convene.people.services import api_token_create
    from convene.qa import services as qa
    from tests.factories import ProfileFactory, UserFactory

    settings.ALLOWED_HOSTS = ["localhost", "testserver", "127.0.0.1"]
    cache.clear()
    staff = ProfileFactory(user=UserFactory(username="staff", is_staff=True)).user
    member = ProfileFactory(user=UserFactory(username="member")).user
    _token, key = api_token_create(user=member, name="probe")
    event = event_create(
        actor=staff,
        title="Ask Me Anything",
        when=When(starts_at=START, ends_at=START + dt.timedelta(hours=1)),
        organisers_people=[staff],
    )
    qa.question_ask(actor=member, event=event, text="What is a hub?")
    committee = Organisation.objects.create(slug="mcdc", name="MCDC", kind=Kind.COMMITTEE)
    charter = Charter.objects.create(slug="charter", title="Charter", committee=committee)
    chapter = Chapter.objects.create(charter=charter, slug="roles", title="Roles", order=1)
    consultations.version_publish(
        actor=staff, chapter=chapter, label="Draft 1", text="# Roles\n\nHubs support groups.\n"
    )
    return {"token": key, "event": event}


# Read at collection (the schema needs no database): one test per operation.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


# Parameters whose values the schema cannot list: slugs and codes looked up in the
# database, and the rules across fields that descriptions state ("regions or zones",
# "a country and/or a language"). Schema-valid input may be refused there with 400 naming
# the parameter; everywhere else, schema-valid input must be accepted.
LOOKED_UP = {
    "region", "regions", "zones", "country", "language", "languages", "charter", "drafting_group",
    "community", "event", "question", "into", "parent_id", "paragraph", "version",
    "home_wiki",  # a wiki's address, as a URL or a domain: more than a pattern can say
    # Answers: for one of the answerer's organisations (a slug looked up among theirs),
    # another body's name (staff only), a referenced answer (public, same board/series).
    "organisation", "by", "points_to",
    # Programmes: people, hubs, chapters and facilitators named by username or slug.
    "person", "hub", "chapter", "communities", "facilitator", "reviewer",
}  # fmt: skip


@schemathesis.check
def positive_data_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code == 400 and response.json().get("field") in LOOKED_UP:
        return None
    return positive_data_acceptance(ctx, response, case)


def _checks() -> list[Any]:
    return [check for check in CHECKS.get_all() if check is not positive_data_acceptance]


def _call(case: Any, headers: dict[str, str]) -> None:
    RAN[case.operation.label] += 1
    # Uncompressed: the in-process WSGI transport hands gzip bodies over undecoded
    # (compression has its own tests, tests/core/test_compression.py).
    headers = {**headers, "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, checks=_checks())


bounded = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=dt.timedelta(seconds=5),
    suppress_health_check=list(hypothesis.HealthCheck),
    derandomize=True,
    database=None,
)


@schema.parametrize()
@bounded
def test_api_as_anonymous(case: Any, world: dict[str, Any]) -> None:
    _call(case, {})


@schema.parametrize()
@bounded
def test_api_as_a_member(case: Any, world: dict[str, Any]) -> None:
    _call(case, {"Authorization": f"Bearer {world['token']}"})


@pytest.fixture(scope="module", autouse=True)
def _figures(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and RAN:
        stateful = {label: n for label, n in RAN.items() if label.startswith("stateful ")}
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"probe: schemathesis ran {sum(RAN.values()) - sum(stateful.values())} cases "
                f"over {len(RAN) - len(stateful)} operations, and {sum(stateful.values())} "
                f"stateful steps over {len(stateful)} operations"
            )


def test_api_statefully_as_a_member(world: dict[str, Any]) -> None:
    """Sequences that follow the schema's links (ask, then vote on, answer or moderate the
    question; add a chapter, then publish to it; ...), as the member."""
    headers = {"Authorization": f"Bearer {world['token']}", "Accept-Encoding": "identity"}

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            RAN[f"stateful {case.operation.label}"] += 1
            return {"headers": headers}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=_checks(), headers=headers)

    Workflow.run(
        settings=hypothesis.settings(
            max_examples=MAX_EXAMPLES,
            stateful_step_count=4,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            derandomize=True,
            database=None,
        )
    )
