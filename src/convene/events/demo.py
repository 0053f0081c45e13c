"""Demo events from the seeds: the three "Ask Me Anything about Movement Charter" editions
(with the replies on the Asia-Pacific page), the hubs events list, and upcoming sessions
dated relative to today (one whose call link is already shown, one whose link is not).

Idempotent: events are found by title and edition (never duplicated); relative dates are
set when first created.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from convene.core.clock import now
from convene.directory.models import Language, Organisation, Region, StageChange
from convene.events import services
from convene.events.models import (
    Audience,
    Comment,
    Event,
    Format,
    Kind,
    Resource,
    ResourceKind,
    Series,
)

UTC = dt.UTC
AMA_TITLE = "Ask Me Anything about Movement Charter"
AMA_DESCRIPTION = (
    "With the goal of ensuring that anyone interested is well informed to fully participate "
    "in the conversations and are empowered to contribute their perspective on the Movement "
    "Charter, three *Ask Me Anything about Movement Charter* sessions will be organized, "
    "scheduled for different time zones.\n\n"
    "The Zoom link will be shared 48 hours ahead of time, both on Meta and here!"
)
RECORDING = "The presentation is recorded; the conversation is not."
REPLIES = [
    (
        "organiser",
        dt.datetime(2022, 11, 3, 8, tzinfo=UTC),
        (
            "Dear all, Kindly see below the details for the call tomorrow. "
            "Looking forward to seeing many of you!"
        ),
    ),
    (
        "member",
        dt.datetime(2022, 11, 4, 12, tzinfo=UTC),
        (
            "The meeting was really amazing. I could raise some concerns that were really "
            "important in the context of my Wikimedia works. Hope the charter will become a "
            "valuable asset to define the shape and responsibilities of the involved "
            "stakeholders of the movement."
        ),
    ),
    (
        "member",
        dt.datetime(2022, 11, 4, 13, tzinfo=UTC),
        (
            "I hope the movement charter will be beneficial for all Wikimedia communities. I "
            "would like to ask the drafting committee to give emphasis on the small, "
            "non-affiliated communities as well."
        ),
    ),
]
HUBS_EVENTS = [
    ("Hubs co-creation workshop", Kind.WORKSHOP, dt.date(2021, 11, 27), dt.date(2021, 11, 27)),
    ("Hubs Dialogue", Kind.DIALOGUE, dt.date(2022, 2, 21), dt.date(2022, 3, 4)),
    ("Hubs Global Conversations", Kind.CONVERSATION, dt.date(2022, 3, 12), dt.date(2022, 3, 12)),
    ("Hubs Global Conversations", Kind.CONVERSATION, dt.date(2022, 6, 24), dt.date(2022, 6, 26)),
]


def _actor() -> User:
    users = get_user_model().objects
    actor = users.filter(username="organiser", is_staff=True).first()
    if actor is None:
        actor, created = users.get_or_create(
            username="events-demo", defaults={"is_staff": True, "email": "events-demo@localhost"}
        )
        if created:
            actor.set_unusable_password()
            actor.save()
    return actor


def _orgs(*slugs: str) -> list[Organisation]:
    return list(Organisation.objects.filter(slug__in=slugs))


def _regions(*slugs: str) -> list[Region]:
    return list(Region.objects.filter(slug__in=slugs))


def _languages(*codes: str) -> list[Language]:
    return list(Language.objects.filter(code__in=codes))


def _series(actor: User, title: str, description: str, kind: str = Kind.AMA) -> Series:
    series = Series.objects.filter(title=title).first()
    if series is None:
        series = services.series_create(
            actor=actor,
            title=title,
            kind=kind,
            description=description,
            organisers=_orgs("movement-charter-drafting-committee"),
        )
    return series


def _event(
    actor: User, log: Callable[[str], None], *, title: str, label: str = "", **kwargs: Any
) -> Event:
    existing = Event.objects.filter(title=title, edition_label=label, is_sample=True)
    if "when" in kwargs and kwargs["when"].start_date is not None:
        existing = existing.filter(start_date=kwargs["when"].start_date)
    found = existing.first()
    if found is not None:
        return found
    event = services.event_create(
        actor=actor, title=title, edition_label=label, is_sample=True, **kwargs
    )
    log(f"events: created {event.display_title}")
    return event


# The resources the Hubs page points to. The links go to that page on Meta-Wiki, where the
# seed lists them; dates only where the seed gives them (the strategy transition's
# reports: November and December 2020, January 2021). Each lives where the page puts it:
# the introduction and the working groups' draft recommendations for regional hubs with
# the regional hub that pilots (the CEE Hub), the reports on the discussions of the
# strategy transition on that hub's timeline entry for the time they were held (its
# "idea" stage, from May 2020), the findings summary and its other languages with the
# Hubs Dialogue.
HUBS_PAGE = "https://meta.wikimedia.org/wiki/Hubs"
HUB = "wikimedia-cee-hub"
TIMELINE = (HUB, "idea")  # the hub's timeline entry: its stage change to this stage
DIALOGUE = ("Hubs Dialogue", dt.date(2022, 2, 21))
Owner = str | tuple[str, str] | tuple[str, dt.date]
SEED_RESOURCES: list[tuple[Owner, str, str, str, dt.date | None, str]] = [
    (HUB, ResourceKind.VIDEO, "Introduction to hubs (video)", "en", None, "#video"),
    (HUB, ResourceKind.DRAFT,
     "Resource Allocation Working Group: regional hubs, first draft", "en", None,
     "#draft-ra-1"),
    (HUB, ResourceKind.DRAFT,
     "Resource Allocation Working Group: regional hubs, second draft", "en", None,
     "#draft-ra-2"),
    (HUB, ResourceKind.DRAFT,
     "Roles and Responsibilities Working Group: draft recommendation (\u201cQuotiel\u201d model)",
     "en", None, "#draft-rr"),
    (TIMELINE, ResourceKind.REPORT, "Report on Hubs discussions, November", "en",
     dt.date(2020, 11, 30), "#report-2020-11"),
    (TIMELINE, ResourceKind.REPORT, "Report on Hubs discussions, December", "en",
     dt.date(2020, 12, 31), "#report-2020-12"),
    (TIMELINE, ResourceKind.REPORT, "Report on Hubs discussions, January", "en",
     dt.date(2021, 1, 31), "#report-2021-01"),
    (DIALOGUE, ResourceKind.FINDINGS, "Hubs Dialogue: findings summary", "en",
     dt.date(2022, 3, 4), "#findings"),
]  # fmt: skip
# "Other languages" of the findings summary: translations grouped with it.
FINDINGS_TRANSLATIONS = [("es", "#findings-es"), ("fr", "#findings-fr")]
# Where an earlier demo put the hub's and the timeline's resources (before hubs and
# timeline entries had any): taken off it again.
WORKSHOP = ("Hubs co-creation workshop", dt.date(2021, 11, 27))


def _owner(key: Owner, events: dict[tuple[str, dt.date], Event]) -> dict[str, Any] | None:
    if key == HUB:
        hub = Organisation.objects.filter(slug=HUB).first()
        return {"hub": hub} if hub is not None else None
    if key == TIMELINE:
        entry = (
            StageChange.objects.filter(organisation__slug=HUB, to_stage=TIMELINE[1])
            .order_by("changed_on", "id")
            .first()
        )
        return {"stage_change": entry} if entry is not None else None
    return {"event": events[key]}  # type: ignore[index]


def _resources(
    actor: User, log: Callable[[str], None], events: dict[tuple[str, dt.date], Event]
) -> None:
    moved = [title for key, _, title, *_ in SEED_RESOURCES if key in (HUB, TIMELINE)]
    Resource.objects.filter(
        event=events[WORKSHOP], title__in=moved, url__startswith=HUBS_PAGE
    ).delete()
    made = 0
    for key, kind, title, language, published_on, anchor in SEED_RESOURCES:
        owner = _owner(key, events)
        if owner is None or Resource.objects.filter(**owner, title=title).exists():
            continue
        original = services.resource_add(
            actor=actor,
            **owner,
            kind=kind,
            title=title,
            languages=_languages(language),
            published_on=published_on,
            url=HUBS_PAGE + anchor,
        )
        made += 1
        if kind == ResourceKind.FINDINGS:
            for code, translated in FINDINGS_TRANSLATIONS:
                services.resource_add(
                    actor=actor,
                    **owner,
                    kind=kind,
                    title=title,
                    languages=_languages(code),
                    published_on=published_on,
                    url=HUBS_PAGE + translated,
                    translation_of=original,
                )
                made += 1
    if made:
        log(f"events: added {made} resources from the Hubs page")


def load(*, log: Callable[[str], None]) -> None:
    actor = _actor()
    ama = _series(actor, AMA_TITLE, AMA_DESCRIPTION)
    common = {
        "kind": Kind.AMA,
        "description": AMA_DESCRIPTION,
        "series": ama,
        "format": Format.ONLINE,
        "recording_policy": RECORDING,
        "organisers": _orgs(
            "movement-charter-drafting-committee", "movement-strategy-and-governance"
        ),
        "languages": _languages("en"),
        "call_link": "https://wikimedia.zoom.us/j/00000000000",
    }
    length = dt.timedelta(minutes=90)
    apac_start = dt.datetime(2022, 11, 4, 9, tzinfo=UTC)
    apac = _event(
        actor,
        log,
        title=AMA_TITLE,
        label="Asia-Pacific",
        when=services.When(starts_at=apac_start, ends_at=apac_start + length),
        timezone_name="UTC",
        regions=_regions("eseap", "south-asia"),
        interpretation_languages=_languages("zh", "ja"),
        **common,
    )
    second = dt.datetime(2022, 11, 12, 15, tzinfo=UTC)
    _event(
        actor,
        log,
        title=AMA_TITLE,
        label="Americas and Western Europe",
        when=services.When(starts_at=second, ends_at=second + length),
        regions=_regions("north-america", "lac", "nwe"),
        **common,
    )
    _event(
        actor,
        log,
        title=AMA_TITLE,
        label="MENA, Sub-Saharan Africa and Europe",
        when=services.When(starts_at=second, ends_at=second + length),
        regions=_regions("mena", "ssa", "cee"),
        **common,
    )
    if not Comment.objects.filter(event=apac).exists():
        users = get_user_model().objects
        for username, at, text in REPLIES:
            author = users.filter(username=username).first() or actor
            comment = services.comment_add(actor=author, event=apac, body=text)
            Comment.objects.filter(pk=comment.pk).update(created_at=at)

    hubs_events = {}
    for title, kind, first, last in HUBS_EVENTS:
        hubs_events[(title, first)] = _event(
            actor,
            log,
            title=title,
            kind=kind,
            when=services.When(start_date=first, end_date=last),
            format=Format.ONLINE,
            organisers=_orgs("movement-strategy-and-governance"),
            hubs=_orgs("wikimedia-cee-hub"),
            languages=_languages("en"),
            call_link="",
        )
    _resources(actor, log, hubs_events)

    # Upcoming, relative to today: the link of the first is already shown (it starts in
    # 30 hours), the second's is not (10 days away).
    today = now().replace(minute=0, second=0, microsecond=0)
    regional = _series(
        actor,
        "Regional conversation: Movement Charter",
        "Regional conversation hours on the **Movement Charter** draft chapters.",
        kind=Kind.CONVERSATION,
    )
    upcoming = [
        ("Asia-Pacific", today + dt.timedelta(hours=30), "eseap", "Asia/Kathmandu"),
        ("Americas", today + dt.timedelta(days=10, hours=6), "lac", "America/Sao_Paulo"),
    ]
    for label, start, region, zone in upcoming:
        event = _event(
            actor,
            log,
            title=regional.title,
            label=label,
            kind=Kind.CONVERSATION,
            series=regional,
            description=regional.description,
            when=services.When(starts_at=start, ends_at=start + dt.timedelta(hours=1)),
            timezone_name=zone,
            regions=_regions(region),
            languages=_languages("en"),
            recording_policy=RECORDING,
            organisers=_orgs("movement-charter-drafting-committee"),
            call_link="https://meet.example.org/regional-" + label.lower(),
            capacity=50,
            link_audience=Audience.REGISTERED if label == "Americas" else Audience.EVERYONE,
        )
        if event.sort_end < now():
            # A demo loaded days ago: bring the session back to its place relative to today.
            services.event_update(
                actor=actor,
                event=event,
                when=services.When(starts_at=start, ends_at=start + dt.timedelta(hours=1)),
            )
            log(f"events: moved {event.display_title} to {start:%Y-%m-%d %H:%M} UTC")
        member = get_user_model().objects.filter(username="member").first()
        if member is not None and not event.registrations.filter(user=member).exists():
            services.registration_register(actor=member, event=event)
