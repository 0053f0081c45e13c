"""Programmes tests: a charter with an open period and a published chapter, South Asia's
countries and languages, a round, a grant programme with two reviewers, and people in
each role."""

import datetime as dt
from typing import Any

import pytest

from tests.consultations.conftest import DRAFT_1
from tests.factories import ProfileFactory, UserFactory

DAY = dt.datetime(2030, 11, 25, 12, 0, tzinfo=dt.UTC)


def make_person(username: str, *, staff: bool = False, **profile: Any) -> Any:
    user = ProfileFactory(user=UserFactory(username=username), **profile).user
    if staff:
        user.is_staff = True
        user.save()
    return user


@pytest.fixture
def world(db: None, clock: Any) -> dict[str, Any]:
    from convene.consultations import services as consultations
    from convene.consultations.models import Chapter, Charter, ConsultationPeriod
    from convene.directory.models import (
        Community,
        Country,
        Kind,
        Language,
        Membership,
        Organisation,
        Region,
    )
    from convene.programmes import services
    from convene.programmes.models import GrantProgramme

    clock.set(DAY)
    bd = Country.objects.get_or_create(code="BD", defaults={"name": "Bangladesh"})[0]
    india = Country.objects.get_or_create(code="IN", defaults={"name": "India"})[0]
    region = Region.objects.get_or_create(
        slug="south-asia", defaults={"name": "South Asia", "short_name": "SA"}
    )[0]
    region.countries.add(bd, india)
    for code, name in [("bn", "Bangla"), ("hi", "Hindi"), ("ta", "Tamil"), ("ne", "Nepali")]:
        Language.objects.get_or_create(code=code, defaults={"name": name})
    community = Community.objects.create(slug="bangla-wikipedia", name="Bangla Wikipedia")
    community.languages.add("bn")
    Community.objects.create(slug="tamil-wikipedia", name="Tamil Wikipedia").languages.add("ta")
    committee = Organisation.objects.create(slug="mcdc", name="MCDC", kind=Kind.COMMITTEE)
    hub = Organisation.objects.create(slug="sa-hub", name="South Asia Hub", kind=Kind.HUB)
    charter = Charter.objects.create(slug="charter", title="Charter", committee=committee)
    chapter = Chapter.objects.create(charter=charter, slug="roles", title="Roles", order=3)
    ConsultationPeriod.objects.create(
        charter=charter, starts_on=dt.date(2030, 11, 1), ends_on=dt.date(2030, 12, 18)
    )
    staff = make_person("staff", staff=True)
    facilitator = make_person("facilitator", staff=True)
    member = make_person("member")
    ambassador = make_person("ambassador")
    reviewer = make_person("reviewer")
    reviewer2 = make_person("reviewer2")
    committee_member = make_person("committee_member")
    Membership.objects.create(organisation=committee, user=committee_member)
    blocked = make_person("blocked", blocked=True)
    version = consultations.version_publish(
        actor=staff, chapter=chapter, label="Draft 1", text=DRAFT_1
    )
    programme_round = services.round_create(
        actor=staff, slug="round-1", title="Ambassadors 2030",
        starts_on=dt.date(2030, 11, 1), ends_on=dt.date(2031, 1, 31), charter=charter,
    )  # fmt: skip
    grants = GrantProgramme.objects.create(
        slug="small-grants", title="Small grants", threshold=2,
        rubric=[{"key": "impact", "label": "Impact"}, {"key": "budget", "label": "Budget"}],
    )  # fmt: skip
    grants.reviewers.add(reviewer, reviewer2)
    return {
        "bd": bd, "in": india, "region": region, "community": community, "committee": committee,
        "hub": hub, "charter": charter, "chapter": chapter, "version": version,
        "round": programme_round, "grants": grants, "staff": staff, "facilitator": facilitator,
        "member": member, "ambassador": ambassador, "reviewer": reviewer, "reviewer2": reviewer2,
        "committee_member": committee_member, "blocked": blocked,
    }  # fmt: skip


@pytest.fixture
def accepted(world: dict[str, Any]) -> Any:
    """`ambassador`, accepted for Bangla, facilitated by `facilitator`."""
    from convene.programmes import services

    item = services.ambassador_apply(
        actor=world["ambassador"], languages=["bn"], regions=["south-asia"],
        communities=["bangla-wikipedia"], activities=["host", "translate"],
        motivation="I edit Bangla Wikipedia.",
    )  # fmt: skip
    services.ambassador_decide(actor=world["staff"], ambassador=item, accept=True, message="Hi")
    services.facilitator_assign(
        actor=world["staff"], ambassador=item, facilitator=world["facilitator"]
    )
    return item


@pytest.fixture
def hosted(world: dict[str, Any], accepted: Any) -> Any:
    from convene.programmes import services

    return services.conversation_host(
        actor=world["ambassador"], ambassador=accepted, title="Charter conversation in Bangla",
        starts_at=DAY - dt.timedelta(days=2), ends_at=DAY - dt.timedelta(days=2, hours=-2),
        language="bn", community="bangla-wikipedia", call_link="https://meet.example/bn",
    )  # fmt: skip


def proposal_for(world: dict[str, Any], *, country: str = "in", by: str = "member") -> Any:
    from convene.programmes import services

    return services.proposal_create(
        actor=world[by], kind="meetup", title="South Asia strategy meetup",
        country=world[country], amount="12000.00", currency="INR",
        budget_lines=[{"label": "Venue", "amount": "5000"}, {"label": "Travel", "amount": "7000"}],
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    """Receipts go to a folder of the test's own."""
    settings.PRIVATE_FILES_DIR = tmp_path / "private"


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name: str = "receipt.pdf", content: bytes = PDF, kind: str = "application/pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=kind)
