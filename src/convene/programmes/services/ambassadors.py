"""Ambassador rounds, applications, decisions and facilitators."""

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from convene.consultations.models import Charter
from convene.core.clock import now
from convene.core.errors import Conflict, Invalid
from convene.core.generations import bump
from convene.core.types import Actor
from convene.events.services import series_create
from convene.programmes.generations import AMBASSADORS
from convene.programmes.models import (
    TEXT_LIMIT,
    Activity,
    Ambassador,
    AmbassadorStatus,
    AssignmentStatus,
    Round,
)
from convene.programmes.queries.access import can_apply, can_decide
from convene.programmes.queries.reads import round_current
from convene.programmes.services._common import (
    clean_slug,
    clean_text,
    clean_title_description,
    communities_by_slug,
    languages_by_code,
    regions_by_slug,
    require,
    require_person,
)
from convene.programmes.services.notify import tell

MAX_COMMITMENT = 365


def round_create(
    *,
    actor: Actor,
    slug: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    conversations_required: int = 1,
    reports_required: bool = True,
    report_due_days: int = 14,
    charter: Charter | None = None,
) -> Round:
    """A new round (staff), with the event series its ambassadors' conversations join
    (`events.services.series_create`, the actor its organiser) and the charter whose
    chapters their reports feed (default: the first charter)."""
    require_person(actor)
    require(can_decide(actor), _("Only staff may open a round."))
    slug = clean_slug(slug, example="ambassadors-2031")
    fields = _round_fields(
        title=title, description=description, starts_on=starts_on, ends_on=ends_on,
        conversations_required=conversations_required, report_due_days=report_due_days,
    )  # fmt: skip
    if Round.objects.filter(slug=slug).exists():
        raise Conflict(_("There is already a round “%(slug)s”.") % {"slug": slug}, field="slug")
    with transaction.atomic():
        series = series_create(
            actor=actor, title=str(fields["title"]), description=str(fields["description"])
        )
        made = Round.objects.create(
            slug=slug,
            reports_required=reports_required,
            series=series,
            charter=charter or Charter.objects.order_by("pk").first(),
            **fields,
        )
        bump(AMBASSADORS)  # the front page shows the current round
    return made


def _round_fields(
    *,
    title: str,
    description: str,
    starts_on: dt.date,
    ends_on: dt.date,
    conversations_required: int,
    report_due_days: int,
) -> dict[str, object]:
    errors: dict[str | None, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The round ends before it starts.")
    if not 0 <= conversations_required <= MAX_COMMITMENT:
        errors["conversations_required"] = _("From 0 to %(n)s.") % {"n": MAX_COMMITMENT}
    if not 1 <= report_due_days <= MAX_COMMITMENT:
        errors["report_due_days"] = _("From 1 to %(n)s.") % {"n": MAX_COMMITMENT}
    if errors:
        raise Invalid.from_fields(errors)
    return {
        **clean_title_description(title, description),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "conversations_required": conversations_required,
        "report_due_days": report_due_days,
    }


def round_update(
    *,
    actor: Actor,
    round: Round,  # noqa: A002  (the programme's word)
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    conversations_required: int = 1,
    reports_required: bool = True,
    report_due_days: int = 14,
    charter: Charter | None = None,
) -> Round:
    """Change a round's period, commitments, text and charter (staff). Its slug and series
    stay; conversations already hosted keep their report due dates."""
    require_person(actor)
    require(can_decide(actor), _("Only staff may change a round."))
    fields = _round_fields(
        title=title, description=description, starts_on=starts_on, ends_on=ends_on,
        conversations_required=conversations_required, report_due_days=report_due_days,
    )  # fmt: skip
    for name, value in fields.items():
        setattr(round, name, value)
    round.reports_required = reports_required
    if charter is not None:
        round.charter = charter
    round.save()
    bump(AMBASSADORS)  # the front page shows the current round
    return round


def ambassador_apply(
    *,
    actor: Actor,
    languages: Sequence[str],
    regions: Sequence[str] = (),
    communities: Sequence[str] = (),
    activities: Sequence[str],
    motivation: str,
    round: Round | None = None,  # noqa: A002  (the programme's word)
) -> Ambassador:
    """Apply to the current round (or `round`). Anyone signed in: no affiliation asked."""
    require_person(actor)
    require(can_apply(actor), _("Sign in to apply."))
    target = round or round_current()
    if target is None:
        raise Conflict(_("No ambassador round is open."), code="no_round")
    errors: dict[str | None, str] = {}
    if not languages:
        errors["languages"] = _("Name at least one language community you will cover.")
    unknown = sorted(set(activities) - set(Activity.values))
    if not activities or unknown:
        errors["activities"] = _("Choose what you will do: host, translate or consult.")
    if errors:
        raise Invalid.from_fields(errors)
    motivation = clean_text(motivation, field="motivation", limit=TEXT_LIMIT)
    found_languages = languages_by_code(languages)
    found_regions = regions_by_slug(regions)
    found_communities = communities_by_slug(communities)
    assert isinstance(actor, User)
    fields = {
        "activities": sorted(set(activities)),
        "motivation": motivation,
        "created_at": now(),
        "status": AmbassadorStatus.APPLIED,
        "decision_message": "",
        "decided_by": None,
        "decided_at": None,
        "withdrawn_at": None,
    }
    try:
        with transaction.atomic():
            # Someone who withdrew applies again with the same row (one per round).
            updated = Ambassador.objects.filter(
                round=target, user=actor, status=AmbassadorStatus.WITHDRAWN
            ).update(**fields)
            if updated:
                ambassador = Ambassador.objects.get(round=target, user=actor)
            else:
                ambassador = Ambassador.objects.create(round=target, user=actor, **fields)
    except IntegrityError:
        raise Conflict(
            _("You have already applied to %(round)s.") % {"round": target.title},
            code="already_applied",
        ) from None
    ambassador.languages.set(found_languages)
    ambassador.regions.set(found_regions)
    ambassador.communities.set(found_communities)
    tell([actor], "ambassador_applied", params={"round": target.title}, url="/programmes/me/")
    return ambassador


def ambassador_decide(
    *, actor: Actor, ambassador: Ambassador, accept: bool, message: str = ""
) -> Ambassador:
    """Accept or decline an application, with a message to the applicant (staff). An
    accepted ambassador may host editions of the round's series and record feedback on
    its charter."""
    require_person(actor)
    require(can_decide(actor), _("Only staff may decide on applications."))
    if ambassador.status not in (AmbassadorStatus.APPLIED, AmbassadorStatus.DECLINED):
        raise Conflict(_("This application was already decided."), code="decided")
    message = clean_text(message, field="message", limit=TEXT_LIMIT, required=False)
    assert isinstance(actor, User)
    ambassador.status = AmbassadorStatus.ACCEPTED if accept else AmbassadorStatus.DECLINED
    ambassador.decision_message = message
    ambassador.decided_by = actor
    ambassador.decided_at = now()
    ambassador.save()
    bump(AMBASSADORS)  # the public directory shows the accepted ones
    programme = ambassador.round
    if accept:
        if programme.series is not None:
            programme.series.organisers_people.add(ambassador.user)
        if programme.charter is not None:
            programme.charter.recorders.add(ambassador.user)
    kind = "ambassador_accepted" if accept else "ambassador_declined"
    tell(
        [ambassador.user],
        kind,
        params={"round": programme.title, "message": message},
        url="/programmes/me/",
    )
    return ambassador


def facilitator_assign(*, actor: Actor, ambassador: Ambassador, facilitator: User) -> Ambassador:
    """Name the staff member who supports an ambassador (staff); they see its work."""
    require_person(actor)
    require(can_decide(actor), _("Only staff may assign facilitators."))
    if not facilitator.is_staff:
        raise Invalid(_("Facilitators are staff members."), field="facilitator")
    ambassador.facilitator = facilitator
    ambassador.save(update_fields=["facilitator"])
    tell(
        [facilitator, ambassador.user],
        "facilitator_assigned",
        params={
            "facilitator": facilitator.get_full_name() or facilitator.username,
            "ambassador": ambassador.user.get_full_name() or ambassador.user.username,
            "round": ambassador.round.title,
        },
        url=f"/programmes/ambassadors/{ambassador.pk}/",
    )
    return ambassador


def ambassador_withdraw(*, actor: Actor, ambassador: Ambassador, message: str = "") -> Ambassador:
    """The ambassador (or applicant) withdraws from the round: they leave the public
    directory, lose what the round gave them (organising its series; recording on its
    charter, unless another accepted ambassadorship gives it too), their open translation
    assignments are dropped so that others may take them, and their facilitator and the
    staff member who decided (or, for an undecided application, every staff member) are
    told. They may apply again later (`ambassador_apply`)."""
    require_person(actor)
    require(actor.pk == ambassador.user_id, _("Only the ambassador may withdraw."))
    if ambassador.status not in (AmbassadorStatus.APPLIED, AmbassadorStatus.ACCEPTED):
        raise Conflict(
            _("Only an application or an ambassadorship can be withdrawn."), code="not_active"
        )
    message = clean_text(message, field="message", limit=TEXT_LIMIT, required=False)
    was_accepted = ambassador.status == AmbassadorStatus.ACCEPTED
    programme = ambassador.round
    with transaction.atomic():
        ambassador.status = AmbassadorStatus.WITHDRAWN
        ambassador.withdrawn_at = now()
        ambassador.save(update_fields=["status", "withdrawn_at"])
        ambassador.assignments.filter(status=AssignmentStatus.ASSIGNED).update(
            status=AssignmentStatus.DROPPED
        )
        if was_accepted:
            _release(ambassador)
            bump(AMBASSADORS)  # they leave the public directory
    staff = [p for p in (ambassador.facilitator, ambassador.decided_by) if p is not None]
    if not staff:
        staff = list(User.objects.filter(is_staff=True, is_active=True).order_by("pk"))
    tell(
        staff,
        "ambassador_withdrew",
        params={
            "ambassador": ambassador.user.get_full_name() or ambassador.user.username,
            "round": programme.title,
            "message": message,
        },
        url=f"/programmes/ambassadors/{ambassador.pk}/",
    )
    return ambassador


def _release(ambassador: Ambassador) -> None:
    others = Ambassador.objects.filter(
        user_id=ambassador.user_id, status=AmbassadorStatus.ACCEPTED
    ).exclude(pk=ambassador.pk)
    programme = ambassador.round
    if programme.series is not None and not others.filter(round__series=programme.series).exists():
        programme.series.organisers_people.remove(ambassador.user)
    if (
        programme.charter is not None
        and not others.filter(round__charter=programme.charter).exists()
    ):
        programme.charter.recorders.remove(ambassador.user)
