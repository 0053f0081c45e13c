"""Consultations tests: a charter with its committee, a chapter with its drafting group,
an open period around a fixed day, and people in each role."""

import datetime as dt
from typing import Any

import pytest

from tests.factories import ProfileFactory, UserFactory

DAY = dt.datetime(2030, 11, 25, 12, 0, tzinfo=dt.UTC)

DRAFT_1 = """# Roles and responsibilities

The movement is made of many groups.

Affiliates organise communities in their regions and languages.

Hubs support groups that share a region or a theme.
"""


def make_person(username: str, **profile: Any) -> Any:
    return ProfileFactory(user=UserFactory(username=username), **profile).user


@pytest.fixture
def frozen(clock: Any) -> dt.datetime:
    return clock.set(DAY)


@pytest.fixture
def setting(db: None, frozen: dt.datetime) -> dict[str, Any]:
    from convene.consultations.models import Chapter, Charter, ConsultationPeriod
    from convene.directory.models import Kind, Membership, Organisation

    committee = Organisation.objects.create(slug="mcdc", name="MCDC", kind=Kind.COMMITTEE)
    group = Organisation.objects.create(
        slug="mcdc-rr", name="R&R group", kind=Kind.DRAFTING_GROUP, parent=committee
    )
    charter = Charter.objects.create(slug="charter", title="Charter", committee=committee)
    chapter = Chapter.objects.create(
        charter=charter, slug="roles", title="Roles & Responsibilities", order=3,
        drafting_group=group,
    )  # fmt: skip
    ConsultationPeriod.objects.create(
        charter=charter, starts_on=dt.date(2030, 11, 20), ends_on=dt.date(2030, 12, 18)
    )
    staff = make_person("staff")
    staff.is_staff = True
    staff.save()
    drafter = make_person("drafter")
    Membership.objects.create(organisation=group, user=drafter)
    committee_member = make_person("committee")
    Membership.objects.create(organisation=committee, user=committee_member)
    ambassador = make_person("ambassador")
    charter.recorders.add(ambassador)
    member = make_person("member")
    other = make_person("other")
    return {
        "charter": charter,
        "chapter": chapter,
        "committee": committee,
        "group": group,
        "staff": staff,
        "drafter": drafter,
        "committee_member": committee_member,
        "ambassador": ambassador,
        "member": member,
        "other": other,
    }


@pytest.fixture
def published(setting: dict[str, Any]) -> Any:
    from convene.consultations import services

    return services.version_publish(
        actor=setting["drafter"], chapter=setting["chapter"], label="Draft 1", text=DRAFT_1
    )
