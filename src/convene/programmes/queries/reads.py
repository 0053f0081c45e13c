"""Reads of the programmes app, with visibility and joins applied."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from convene.consultations.queries.access import is_active_person
from convene.core.errors import Invalid, NotFound
from convene.directory.models import Community, Country, Language, Region
from convene.programmes.models import (
    FUNDED_STATES,
    Ambassador,
    AmbassadorStatus,
    Conversation,
    CountryConstraint,
    GrantProgramme,
    Proposal,
    Receipt,
    Recommendation,
    Report,
    ReportPoint,
    Review,
    Round,
    TranslationAssignment,
)
from convene.programmes.queries.access import can_see_private, can_see_proposal


def round_current() -> Round | None:
    """The newest round (the one applications go to)."""
    return Round.objects.order_by("-starts_on", "-pk").first()


def rounds_all() -> QuerySet[Round]:
    return Round.objects.select_related("charter").order_by("-starts_on", "-pk")


def round_get(slug: str) -> Round:
    found = Round.objects.filter(slug=slug).first()
    if found is None:
        raise NotFound(_("There is no round “%(slug)s”.") % {"slug": slug})
    return found


def _ambassador_rows() -> QuerySet[Ambassador]:
    return Ambassador.objects.select_related("user", "round", "facilitator").prefetch_related(
        "languages", "regions", "communities"
    )


def ambassadors_public(*, language: str = "", region: str = "") -> QuerySet[Ambassador]:
    """Accepted ambassadors (the public directory), optionally for a language or region."""
    rows = _ambassador_rows().filter(status=AmbassadorStatus.ACCEPTED)
    if language:
        rows = rows.filter(languages__code=language)
    if region:
        rows = rows.filter(regions__slug=region)
    return rows.distinct().order_by("user__username", "pk")


def _accepted(*, language: str, region: str) -> QuerySet[Ambassador]:
    """Accepted ambassadors covering `language` and `region` (if given): EXISTS rather
    than joins, so that each comes once without a DISTINCT over all the rows."""
    rows = Ambassador.objects.filter(status=AmbassadorStatus.ACCEPTED)
    if language:
        speaks = Ambassador.languages.through.objects.filter(
            ambassador_id=OuterRef("pk"), language_id=language
        )
        rows = rows.filter(Exists(speaks))
    if region:
        serves = Ambassador.regions.through.objects.filter(
            ambassador_id=OuterRef("pk"), region__slug=region
        )
        rows = rows.filter(Exists(serves))
    return rows


def ambassadors_directory(*, language: str = "", region: str = "") -> QuerySet[Ambassador]:
    """`ambassadors_public` with only what the directory's lines show (the name, the
    languages and regions, as `language_list` and `region_list`)."""
    return (
        _accepted(language=language, region=region)
        .select_related("user")
        .only("user__username", "user__first_name", "user__last_name")
        .prefetch_related(
            Prefetch("languages", Language.objects.only("name"), to_attr="language_list"),
            Prefetch("regions", Region.objects.only("name"), to_attr="region_list"),
        )
        .order_by("user__username", "pk")
    )


def ambassadors_listed(*, language: str = "", region: str = "") -> QuerySet[Ambassador]:
    """`ambassadors_public` with only the columns the API's list shows
    (`schemas.ambassador_out`); their languages, regions and communities: `ambassador_keys`."""
    return (
        _accepted(language=language, region=region)
        .select_related("user", "round", "facilitator")
        .only(
            *("status", "activities", "decision_message", "user__username"),
            *("user__first_name", "user__last_name", "round__slug", "facilitator__username"),
        )
        .order_by("user__username", "pk")
    )


@dataclass(frozen=True)
class AmbassadorKeys:
    """An ambassador's language codes, region slugs and community slugs, each sorted."""

    languages: list[str]
    regions: list[str]
    communities: list[str]


def ambassador_keys(ids: Sequence[int]) -> dict[int, AmbassadorKeys]:
    """The keys of the ambassadors `ids` (three queries of two columns each, rather than
    a prefetch making a row object of every language, region and community)."""
    found: dict[int, tuple[list[str], list[str], list[str]]] = {pk: ([], [], []) for pk in ids}
    links = [
        Ambassador.languages.through.objects.values_list("ambassador_id", "language_id"),
        Ambassador.regions.through.objects.values_list("ambassador_id", "region__slug"),
        Ambassador.communities.through.objects.values_list("ambassador_id", "community__slug"),
    ]
    for index, rows in enumerate(links):
        for pk, key in rows.filter(ambassador_id__in=ids):
            found[pk][index].append(key)
    return {
        pk: AmbassadorKeys(sorted(langs), sorted(regions), sorted(communities))
        for pk, (langs, regions, communities) in found.items()
    }


def directory_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The directory's filter choices, by name: the languages some accepted ambassador
    covers (code, name) and the regions (slug, name)."""
    languages = (
        Language.objects.filter(ambassadors__status=AmbassadorStatus.ACCEPTED)
        .distinct()
        .order_by("name")
        .values_list("code", "name")
    )
    regions = Region.objects.order_by("name").values_list("slug", "name")
    return list(languages), list(regions)


def ambassadors_for_decision() -> QuerySet[Ambassador]:
    return _ambassador_rows().order_by("status", "-created_at")


def ambassadors_of_facilitator(user: Any) -> QuerySet[Ambassador]:
    return _ambassador_rows().filter(facilitator_id=user.pk).order_by("user__username")


def ambassadorships_of(user: Any) -> list[Ambassador]:
    if not is_active_person(user):
        return []
    return list(_ambassador_rows().filter(user_id=user.pk).order_by("-created_at"))


def ambassador_get(pk: int) -> Ambassador:
    found = _ambassador_rows().filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such ambassador."))
    return found


def language_gaps() -> list[Language]:
    """Languages some community speaks that no accepted ambassador covers."""
    covered = Ambassador.objects.filter(status=AmbassadorStatus.ACCEPTED, languages=OuterRef("pk"))
    # EXISTS rather than a join to every community speaking it and a DISTINCT.
    spoken = Community.languages.through.objects.filter(language_id=OuterRef("pk"))
    return list(Language.objects.filter(Exists(spoken)).exclude(Exists(covered)).order_by("name"))


def conversations_of(ambassadors: Sequence[Ambassador]) -> QuerySet[Conversation]:
    return (
        Conversation.objects.filter(ambassador__in=list(ambassadors))
        .select_related("event", "body", "representative", "community", "report")
        .order_by("-created_at")
    )


def conversation_get(pk: int) -> Conversation:
    found = (
        Conversation.objects.select_related(
            "event", "ambassador__user", "ambassador__round", "body", "representative"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("There is no such conversation."))
    return found


def requests_for(user: Any) -> QuerySet[Conversation]:
    """Requests for a member addressed to a body `user` belongs to (staff: all)."""
    rows = Conversation.objects.exclude(request_status="").select_related(
        "event", "body", "ambassador__user", "representative"
    )
    if not user.is_staff:
        rows = rows.filter(body__memberships__user=user)
    return rows.order_by("-created_at")


def assignments_of(ambassadors: Sequence[Ambassador]) -> QuerySet[TranslationAssignment]:
    return TranslationAssignment.objects.filter(ambassador__in=list(ambassadors)).select_related(
        "version__chapter"
    )


def report_points(report: Report) -> QuerySet[ReportPoint]:
    return report.points.select_related("chapter", "community", "feedback")


# ------------------------------------------------------------------ grants


def programme_current() -> GrantProgramme | None:
    return GrantProgramme.objects.order_by("-created_at", "-pk").first()


def programmes_all() -> QuerySet[GrantProgramme]:
    return GrantProgramme.objects.prefetch_related("reviewers").order_by("-created_at", "-pk")


def programme_get(slug: str) -> GrantProgramme:
    found = GrantProgramme.objects.filter(slug=slug).first()
    if found is None:
        raise Invalid(
            _("There is no grant programme “%(slug)s”.") % {"slug": slug}, field="programme"
        )
    return found


def _proposal_rows() -> QuerySet[Proposal]:
    return Proposal.objects.select_related(
        "programme", "applicant", "organisation", "country", "hub", "event"
    )


def proposals_visible(user: Any, *, state: str = "", mine: bool = False) -> QuerySet[Proposal]:
    """What `user` may see: funded grants, plus their own and those they review."""
    rows = _proposal_rows().filter(_visible(user, mine=mine))
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-created_at", "-pk")


def proposals_of(ids: Sequence[int]) -> list[Proposal]:
    """The proposals of `ids` (already visible to the reader), in that order, with the
    columns the API's list shows (`schemas.grant_out`)."""
    rows = Proposal.objects.select_related("applicant", "organisation", "hub").only(
        *("kind", "title", "summary", "state", "country", "amount", "currency"),
        *("budget_lines", "timeline", "starts_on", "ends_on", "event", "decision_note"),
        *("report_due_on", "applicant__username", "organisation__slug", "hub__slug"),
    )
    found = rows.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def proposals_listed(user: Any) -> QuerySet[Proposal]:
    """`proposals_visible` with only what the grants list shows (title, country, amount,
    state)."""
    return (
        Proposal.objects.filter(_visible(user, mine=False))
        .select_related("country")
        .only("title", "amount", "currency", "state", "country__name")
        .order_by("-created_at", "-pk")
    )


def _visible(user: Any, *, mine: bool) -> Q:
    visible = Q(state__in=FUNDED_STATES)
    if is_active_person(user):
        own = Q(applicant_id=user.pk)
        if user.is_staff:
            visible = Q()
        else:
            conflicted = Review.objects.filter(
                proposal=OuterRef("pk"), reviewer_id=user.pk, recommendation=Recommendation.CONFLICT
            )
            # EXISTS rather than a join to the reviewers, which would repeat each proposal
            # once per reviewer of its programme (and need a DISTINCT over all the rows).
            reviewer = GrantProgramme.reviewers.through.objects.filter(
                grantprogramme_id=OuterRef("programme_id"), user_id=user.pk
            )
            reviews = Q(Exists(reviewer)) & ~Q(Exists(conflicted)) & ~Q(state="draft")
            visible = visible | own | reviews
        if mine:
            visible = own
    return visible


def proposals_funded() -> QuerySet[Proposal]:
    return _proposal_rows().filter(state__in=FUNDED_STATES).order_by("-created_at", "-pk")


def proposals_funded_lines() -> QuerySet[Proposal]:
    """`proposals_funded` with only what the front page's lines show (title, state, hub)."""
    return (
        Proposal.objects.filter(state__in=FUNDED_STATES)
        .select_related("hub")
        .only("title", "state", "hub__name")
        .order_by("-created_at", "-pk")
    )


def proposals_for_hub(hub_id: int) -> QuerySet[Proposal]:
    """The funded grants that fund a hub (on its page, every visit: only the columns its
    lines show, one join rather than six)."""
    return (
        Proposal.objects.filter(hub_id=hub_id, state__in=FUNDED_STATES)
        .select_related("programme")
        .only("title", "amount", "currency", "state", "programme", "programme__title")
        .order_by("-created_at", "-pk")
    )


def proposal_get(pk: int, viewer: Any) -> Proposal:
    """NotFound unless it exists and `viewer` may see it."""
    found = (
        _proposal_rows()
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
            "changes",
        )
        .filter(pk=pk)
        .first()
    )
    if found is None or not can_see_proposal(viewer, found):
        raise NotFound(_("There is no such proposal."))
    return found


@dataclass(frozen=True)
class Tally:
    approvals: int
    declines: int
    conflicts: int
    threshold: int

    @property
    def reached(self) -> bool:
        return self.approvals >= self.threshold


def review_tally(proposal: Proposal) -> Tally:
    counts = dict.fromkeys(Recommendation.values, 0)
    for value in proposal.reviews.values_list("recommendation", flat=True):
        counts[value] += 1
    return Tally(
        approvals=counts[Recommendation.APPROVE],
        declines=counts[Recommendation.DECLINE],
        conflicts=counts[Recommendation.CONFLICT],
        threshold=proposal.programme.threshold,
    )


def constraints_for(country: Country | str | None) -> list[CountryConstraint]:
    if not country:
        return []
    code = country if isinstance(country, str) else country.code
    return list(CountryConstraint.objects.filter(country_id=code.upper()))


def constraints_all() -> QuerySet[CountryConstraint]:
    return CountryConstraint.objects.select_related("country")


def receipts_of(report: Report | None, viewer: Any) -> list[Receipt]:
    """A grant report's receipts, for those who may see them (else none)."""
    if report is None or report.proposal_id is None:
        return []
    if not can_see_private(viewer, report.proposal):  # type: ignore[arg-type]
        return []
    return list(report.receipt_files.order_by("uploaded_at", "pk"))


def receipt_get(pk: int, viewer: Any) -> Receipt:
    """NotFound unless it exists and `viewer` is the applicant, a reviewer of the grant
    (not conflicted) or staff."""
    found = Receipt.objects.select_related("report__proposal__programme").filter(pk=pk).first()
    proposal = found.report.proposal if found is not None else None
    if proposal is None or not can_see_private(viewer, proposal):
        raise NotFound(_("There is no such receipt."))
    return found  # type: ignore[return-value]
