"""Demo data for consultations: the Movement Charter's three chapters the seed names
(Preamble, Values & Principles, Roles & Responsibilities), each with a first draft written
for the demo, the consultation period of 20 November to 18 December 2022, feedback from
several channels: the web, a regional conversation, an ambassador's report, e-mail, a
survey, the seed session's questions about hubs and non-affiliated groups tagged to Roles
& Responsibilities; and a second draft of Roles & Responsibilities, so that carried,
adopted and orphaned feedback show at once. A second period, open around today, lets a
visitor comment on the second draft.

Everything goes through the services, with the clock set to when it happened. Idempotent:
a charter whose chapters have versions is left alone.
"""

import datetime as dt
from collections.abc import Callable
from importlib import resources
from typing import Any

from django.contrib.auth import get_user_model

from convene.consultations import services
from convene.consultations.models import Chapter, ConsultationPeriod, Feedback, Version
from convene.core.clock import frozen_at, now
from convene.directory.models import Organisation
from convene.qa.models import Question

CHARTER = ("movement-charter", "Movement Charter")
CHAPTERS = [
    ("preamble", "Preamble", "mcdc-preamble"),
    ("values-and-principles", "Values & Principles", ""),
    ("roles-and-responsibilities", "Roles & Responsibilities", "mcdc-roles-and-responsibilities"),
]
PERIOD = (dt.date(2022, 11, 20), dt.date(2022, 12, 18))


def _draft(name: str) -> str:
    return resources.files("convene.consultations").joinpath("data", name).read_text("utf-8")


QUESTION_TOPICS = {"hubs", "non-affiliated groups"}


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _staff() -> Any:
    users = get_user_model().objects
    return (
        users.filter(username="organiser", is_staff=True).first()
        or users.filter(is_staff=True).order_by("pk").first()
    )


def load(*, log: Callable[[str], None]) -> None:
    actor = _staff()
    if actor is None:
        log("consultations: no staff account to publish with; skipped")
        return
    committee = Organisation.objects.filter(slug="movement-charter-drafting-committee").first()
    charter = services.charter_ensure(slug=CHARTER[0], title=CHARTER[1], committee=committee)
    if Version.objects.filter(chapter__charter=charter).exists():
        log("consultations: the charter has versions already, left as it is")
        return
    chapters = {}
    for order, (slug, title, group_slug) in enumerate(CHAPTERS, start=1):
        group = Organisation.objects.filter(slug=group_slug).first() if group_slug else None
        chapter = Chapter.objects.filter(slug=slug).first() or services.chapter_create(
            actor=actor, charter=charter, slug=slug, title=title, order=order,
            drafting_group=group or committee,
        )  # fmt: skip
        chapters[slug] = chapter
    ConsultationPeriod.objects.get_or_create(
        charter=charter, chapter=None, starts_on=PERIOD[0],
        defaults={"ends_on": PERIOD[1], "title": "First round"},
    )  # fmt: skip
    with frozen_at(_at(dt.date(2022, 11, 18))):
        for slug, text in (
            ("preamble", _draft("preamble-1.md")),
            ("values-and-principles", _draft("values-1.md")),
            ("roles-and-responsibilities", _draft("roles-1.md")),
        ):
            services.version_publish(
                actor=actor, chapter=chapters[slug], label="Draft 1", text=text
            )
    log("consultations: published Draft 1 of three chapters")
    _first_round(actor, chapters, log)
    _second_draft(actor, chapters["roles-and-responsibilities"], log)


def _member(actor: Any) -> Any:
    return get_user_model().objects.filter(username="member").first() or actor


def _first_round(actor: Any, chapters: dict[str, Chapter], log: Callable[[str], None]) -> None:
    roles = chapters["roles-and-responsibilities"]
    member = _member(actor)
    with frozen_at(_at(dt.date(2022, 11, 24))):
        services.feedback_give(
            actor=member, chapter=roles, language="en",
            quote="organise contributors in their countries",
            text="Many user groups organise around a language rather than a country; say so.",
        )  # fmt: skip
        services.feedback_give(
            actor=member, chapter=roles, paragraph="p6", language="en",
            text="Please do not leave hubs undefined for long: regions are starting them now.",
        )  # fmt: skip
        services.feedback_give(
            actor=member, chapter=chapters["preamble"], language="en",
            quote="every single human being",
            text="Thank you; this sentence should stay exactly as it is.",
        )  # fmt: skip
        services.feedback_give(
            actor=member, chapter=chapters["values-and-principles"], paragraph="p5",
            language="en", text="Independence from funders matters to small communities too.",
        )  # fmt: skip
    with frozen_at(_at(dt.date(2022, 12, 10))):
        services.feedback_record(
            actor=actor, chapter=roles, channel="regional_conversation", language="bn",
            region=_region("south-asia"), name="South Asia regional conversation",
            source="South Asia regional conversation, 2 December 2022",
            quote="no organisation may overrule them",
            text="Participants asked that no affiliate may overrule a project's policies.",
            given_at=_at(dt.date(2022, 12, 2), 14),
        )  # fmt: skip
        services.feedback_record(
            actor=actor, chapter=roles, channel="ambassador_report", language="id",
            region=_region("eseap"), name="Bahasa Indonesia ambassador",
            source="Ambassador report, Indonesian community",
            text="The chapter reads well; people asked who supports groups with no affiliation.",
            given_at=_at(dt.date(2022, 12, 5)),
        )  # fmt: skip
        services.feedback_record(
            actor=actor, chapter=roles, channel="email", language="en",
            name="A user group coordinator", contact="coordinator@example.org",
            source="E-mail to the MCDC", paragraph="p4",
            text="Affiliates should say to whom they report, and how often.",
            given_at=_at(dt.date(2022, 11, 30)),
        )  # fmt: skip
    with frozen_at(_at(dt.date(2022, 12, 19))):
        services.survey_import(
            actor=actor, chapter=roles, source="Charter survey, round 1",
            data=(
                "text,paragraph,language,region,date\n"
                "Online communities must keep the last word on their policies.,p8,es,,"
                "2022-12-10\n"
                "Hubs need a clear accountability line.,p6,fr,,2022-12-12\n"
            ),
        )  # fmt: skip
        services.talk_page_import(
            actor=actor, chapter=roles, wikitext=_draft("roles-talk.wiki"),
            source="Talk:Movement Charter/Roles & Responsibilities", language="en",
        )  # fmt: skip
    tagged = _tag_questions(actor, roles)
    count = Feedback.objects.filter(chapter__charter=roles.charter).count()
    log(f"consultations: {count} feedback items in the first round ({tagged} from questions)")


def _region(slug: str) -> str | None:
    from convene.directory.models import Region

    return slug if Region.objects.filter(slug=slug).exists() else None


def _tag_questions(actor: Any, roles: Chapter) -> int:
    questions = [
        q
        for q in Question.objects.filter(parent__isnull=True, event__is_sample=True)
        .select_related("event", "author")
        .order_by("pk")
        if q.topic.strip().lower() in QUESTION_TOPICS
    ]
    with frozen_at(_at(dt.date(2022, 12, 1))):
        items = services.questions_tag(actor=actor, chapter=roles, questions=questions)
    return len(items)


def _second_draft(actor: Any, roles: Chapter, log: Callable[[str], None]) -> None:
    with frozen_at(_at(dt.date(2023, 1, 16))):
        draft_2 = services.version_publish(
            actor=actor, chapter=roles, label="Draft 2", text=_draft("roles-2.md")
        )
        services.version_reanchor(version_id=draft_2.pk)
        new_key = next(
            p.key for p in draft_2.paragraphs.all() if p.text.startswith("Volunteers who organise")
        )
        reporting = draft_2.paragraphs.get(position=4).key
        for item in Feedback.objects.filter(chapter=roles).order_by("pk"):
            text = item.text.lower()
            if item.question_id and "non-affiliate" in text:
                services.feedback_triage(
                    actor=actor, feedback=item, status="adopted", adopted_in=2,
                    adopted_key=new_key, themes=["Non-affiliated groups"],
                    reason="Draft 2 adds a section on organised groups without affiliation.",
                )  # fmt: skip
            elif "report" in text and item.channel == "email":
                services.feedback_triage(
                    actor=actor, feedback=item, status="adopted", adopted_in=2,
                    adopted_key=reporting, themes=["Accountability"],
                    reason="Affiliates now report to the Affiliations Committee every year.",
                )  # fmt: skip
            elif "hub" in text:
                services.feedback_triage(
                    actor=actor, feedback=item, status="considering", themes=["Hubs"],
                    reason="Hubs move to their own chapter, drafted by the hubs drafting group.",
                )  # fmt: skip
            elif "language rather than a country" in text:
                services.feedback_triage(
                    actor=actor, feedback=item, status="not_adopted", themes=["Affiliates"],
                    reason="Regions and themes already cover language-based groups.",
                )  # fmt: skip
    today = now().date()
    ConsultationPeriod.objects.get_or_create(
        charter=roles.charter, chapter=roles, title="Second round (Draft 2)",
        defaults={"starts_on": today - dt.timedelta(days=3),
                  "ends_on": today + dt.timedelta(days=60)},
    )  # fmt: skip
    draft_2.refresh_from_db()
    log(
        f"consultations: published Draft 2 of Roles & Responsibilities; "
        f"{draft_2.reanchor_done} feedback items carried, a second period open now"
    )
