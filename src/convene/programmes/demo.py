"""Demo data for the programmes, from the seed session's questions: an ambassador round
("Ambassadorship is open for everyone") with ambassadors for Bangla, Hindi, Tamil and
Nepali and one facilitator ("facilitators are there to support ambassadors"); a hosted
conversation in Bangla that asked the drafting committee to send a member ("Can we
request a regional strategy meetup? And participation by MCDC representatives?") and
whose report feeds the Roles & Responsibilities chapter; a meetup grant for India under
review by two reviewers ("Can we request a grant for such a meetup?"); a hub-pilot grant
approved and paid (the CEE hub pilot: funded, and still not a recognised hub); and
Bangladesh's constraint ("various institutional challenges in disbursing grants").

Everything goes through the services. Idempotent: an existing round is left alone.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from convene.consultations.models import Chapter, Charter
from convene.core.clock import now
from convene.directory.models import Country, Membership, Organisation
from convene.people.services import profile_ensure, profile_update
from convene.programmes import services
from convene.programmes.models import GrantProgramme, Round

ROUND = ("movement-charter-ambassadors", "Movement Charter ambassadors")
CHAPTER = "roles-and-responsibilities"
COMMITTEE = "movement-charter-drafting-committee"
# username, display name, languages, region, community
AMBASSADORS = [
    ("member", "Mina Member", ["bn"], "south-asia", "bangla-wikipedia"),
    ("ambassador-hi", "Harsh (Hindi ambassador)", ["hi"], "south-asia", "hindi-wikipedia"),
    ("ambassador-ta", "Tamil ambassador", ["ta"], "south-asia", "tamil-wikipedia"),
    ("ambassador-ne", "Nepali ambassador", ["ne"], "south-asia", "nepali-wikipedia"),
]
BANGLADESH_SUMMARY = (
    "There are various institutional challenges in disbursing grants in Bangladesh. "
    "Work is ongoing to find a solution."
)
BANGLADESH_TODO = (
    "Talk to the grants team before you apply: payment through a partner organisation or "
    "a fiscal sponsor outside Bangladesh may be needed, and it takes longer."
)


def _person(username: str, name: str, *, staff: bool = False, languages: list[str] = ()) -> Any:  # type: ignore[assignment]
    users = get_user_model().objects
    user = users.filter(username=username).first()
    if user is None:
        user = users.create_user(username=username, email=f"{username}@example.org", is_staff=staff)
        user.set_unusable_password()
        user.save()
        profile_update(
            profile=profile_ensure(user=user),
            actor=user,
            display_name=name,
            languages=list(languages),
        )
    return user


def _staff() -> Any:
    users = get_user_model().objects
    return (
        users.filter(username="organiser", is_staff=True).first()
        or users.filter(is_staff=True).order_by("pk").first()
    )


def _slugs(model: Any, slugs: list[str]) -> list[str]:
    return list(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))


def _ambassadors(staff: Any, programme: Round, log: Callable[[str], None]) -> list[Any]:
    from convene.directory.models import Community, Region

    facilitator = _person("facilitator", "Fatima (facilitator)", staff=True)
    made = []
    for username, name, languages, region, community in AMBASSADORS:
        user = _person(username, name, languages=languages)
        item = services.ambassador_apply(
            actor=user,
            languages=languages,
            regions=_slugs(Region, [region]),
            communities=_slugs(Community, [community]),
            activities=["host", "translate", "consult"],
            motivation=f"I will carry the charter conversation to the {community} community.",
            round=programme,
        )
        services.ambassador_decide(
            actor=staff, ambassador=item, accept=True, message="Welcome to the programme."
        )
        services.facilitator_assign(actor=staff, ambassador=item, facilitator=facilitator)
        made.append(item)
    log(f"programmes: {len(made)} ambassadors (bn, hi, ta, ne), facilitated by facilitator")
    return made


def _conversation(bangla: Any, log: Callable[[str], None]) -> None:
    start = (now() - dt.timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    conversation = services.conversation_host(
        actor=bangla.user,
        ambassador=bangla,
        title="Movement Charter conversation in Bangla",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        timezone_name="Asia/Dhaka",
        language="bn",
        community="bangla-wikipedia" if bangla.communities.exists() else None,
        description="A conversation about the Roles & Responsibilities chapter, in Bangla.",
        call_link="https://meet.example.org/charter-bn",
    )
    committee = Organisation.objects.filter(slug=COMMITTEE).first()
    if committee is not None:
        services.member_request(
            actor=bangla.user,
            conversation=conversation,
            body=committee,
            message="Could a committee member join us?",
        )
        member = Membership.objects.filter(organisation=committee).select_related("user").first()
        if member is not None:
            services.member_request_answer(
                actor=member.user,
                conversation=conversation,
                accept=True,
                person=member.user,
                answer="Yes, one of us will join.",
            )
    if not Chapter.objects.filter(slug=CHAPTER).exists():
        log("programmes: no Roles & Responsibilities chapter; the conversation has no report")
        return
    report = services.report_file(
        actor=bangla.user,
        conversation=conversation,
        language="bn",
        summary="Twelve editors of Bangla Wikipedia talked about the roles of hubs and affiliates.",
        points=[
            services.PointIn(
                chapter=CHAPTER,
                text="Say how a group without affiliation takes "
                "part: many Bangla editors are in no user group.",
            ),
            services.PointIn(
                chapter=CHAPTER,
                text="Hubs should be answerable to the communities "
                "they serve, not only to the Foundation.",
            ),
        ],
    )
    log(
        f"programmes: a hosted conversation whose report made {report.points.count()} "
        "feedback items"
    )


def _grants(staff: Any, log: Callable[[str], None]) -> None:
    reviewers = [
        _person("reviewer-1", "Rahel (reviewer)"),
        _person("reviewer-2", "Ravi (reviewer)"),
    ]
    programme, _created = GrantProgramme.objects.get_or_create(
        slug="movement-strategy-grants",
        defaults={
            "title": "Movement Strategy grants",
            "threshold": 2,
            "description": "Small grants for hub pilots, regional meetups, events and translation.",
            "rubric": [
                {"key": "impact", "label": "Impact on the movement"},
                {"key": "feasibility", "label": "Feasibility"},
                {"key": "budget", "label": "A sound budget"},
            ],
        },
    )
    programme.reviewers.add(*reviewers)
    bangladesh = Country.objects.filter(code="BD").first()
    if bangladesh is not None:
        services.constraint_set(
            actor=staff,
            country=bangladesh,
            kind="delayed",
            summary=BANGLADESH_SUMMARY,
            what_to_do=BANGLADESH_TODO,
        )
    india = Country.objects.filter(code="IN").first()
    hindi = get_user_model().objects.get(username="ambassador-hi")
    if india is not None:
        meetup = services.proposal_create(
            actor=hindi,
            programme=programme,
            kind="meetup",
            country=india,
            title="South Asia Movement Strategy meetup in India",
            amount="350000",
            currency="INR",
            summary="Two days to discuss the charter and hubs in South Asia, with MCDC members.",
            budget_lines=[
                {"label": "Venue", "amount": "120000"},
                {"label": "Travel support", "amount": "200000"},
                {"label": "Food", "amount": "30000"},
            ],
            timeline="Invitations a month ahead; the meetup; a report within two months.",
        )
        services.proposal_transition(actor=hindi, proposal=meetup, to="submitted")
        services.proposal_transition(actor=staff, proposal=meetup, to="under_review")
        services.review_save(
            actor=reviewers[0],
            proposal=meetup,
            recommendation="approve",
            scores={"impact": 4, "feasibility": 4, "budget": 3},
            comment="Travel support is the bulk; ask for the list of cities.",
        )
    hub = Organisation.objects.filter(slug="wikimedia-cee-hub").first()
    poland = Country.objects.filter(code="PL").first()
    if hub is not None and poland is not None:
        lead = _person("cee-hub-lead", "CEE hub pilot lead")
        pilot = services.proposal_create(
            actor=lead,
            programme=programme,
            kind="hub_pilot",
            country=poland,
            hub=hub,
            title="Wikimedia CEE Hub pilot, first year",
            amount="80000",
            currency="EUR",
            summary="Coordination and capacity building for the CEE communities.",
            budget_lines=[
                {"label": "Coordinator", "amount": "60000"},
                {"label": "Meetings", "amount": "20000"},
            ],
        )
        services.proposal_transition(actor=lead, proposal=pilot, to="submitted")
        services.proposal_transition(actor=staff, proposal=pilot, to="under_review")
        for reviewer in reviewers:
            services.review_save(
                actor=reviewer,
                proposal=pilot,
                recommendation="approve",
                scores={"impact": 5, "feasibility": 4, "budget": 4},
            )
        services.proposal_transition(
            actor=staff,
            proposal=pilot,
            to="approved",
            note="Funded as a pilot: funding does not make it a recognised hub.",
        )
        services.proposal_transition(actor=staff, proposal=pilot, to="agreement")
        services.proposal_transition(actor=staff, proposal=pilot, to="paid")
    log(
        "programmes: a meetup grant for India under review, the CEE hub pilot approved and paid, "
        "Bangladesh's constraint"
    )


def load(*, log: Callable[[str], None]) -> None:
    staff = _staff()
    if staff is None:
        log("programmes: no staff account; skipped")
        return
    if Round.objects.filter(slug=ROUND[0]).exists():
        log("programmes: the round exists already, left as it is")
        return
    today = now().date()
    programme = services.round_create(
        actor=staff,
        slug=ROUND[0],
        title=ROUND[1],
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=90),
        conversations_required=1,
        report_due_days=14,
        charter=Charter.objects.filter(slug="movement-charter").first(),
        description="Ambassadors liaise between their language community and the committee: "
        "they host at least one conversation, translate, and write a report.",
    )
    ambassadors = _ambassadors(staff, programme, log)
    _conversation(ambassadors[0], log)
    _grants(staff, log)
