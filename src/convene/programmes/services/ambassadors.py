"""Ambassador rounds, applications, decisions and facilitators."""

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from convene.consultations.models import Charter
from convene.core.clock import now
from convene.core.errors import Conflict, Invalid
from convene.core.types import Actor
from convene.events.services import series_create
from convene.programmes.models import (
    TEXT_LIMIT,
    Activity,
    Ambassador,
    AmbassadorStatus,
    Round,
)
from convene.programmes.queries.access import can_apply, can_decide
from convene.programmes.queries.reads import round_current
from convene.programmes.services._common import (
    clean_text,
    communities_by_slug,
    languages_by_code,
    regions_by_slug,
    require,
    require_person,
)
from convene.programmes.services.notify import tell


def round_create(
    *,
    actor: Actor,
    slug: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    conversations_required: int = 1,
    report_due_days: int = 14,
    charter: Charter | None = None,
) -> Round:
    """A new round (staff), with the event series its ambassadors' conversations join."""
    require_person(actor)
    require(can_decide(actor), _("Only staff may open a round."))
    if ends_on < starts_on:
        raise Invalid(_("The round ends before it starts."), field="ends_on")
    if Round.objects.filter(slug=slug).exists():
        raise Conflict(_("There is already a round “%(slug)s”.") % {"slug": slug}, field="slug")
    series = series_create(actor=actor, title=title, description=description)
    return Round.objects.create(
        slug=slug,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        conversations_required=conversations_required,
        report_due_days=report_due_days,
        series=series,
        charter=charter or Charter.objects.order_by("pk").first(),
    )


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
    try:
        with transaction.atomic():
            ambassador = Ambassador.objects.create(
                round=target,
                user=actor,
                activities=sorted(set(activities)),
                motivation=motivation,
                created_at=now(),
            )
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
