"""Grant programmes (calls for proposals): their rubric, the approvals a decision needs,
the currencies and kinds of grant they take, their reviewers (staff)."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from convene.core.errors import Conflict, Invalid
from convene.core.generations import bump
from convene.core.types import Actor
from convene.programmes.generations import GRANTS
from convene.programmes.models import TITLE_LIMIT, GrantKind, GrantProgramme
from convene.programmes.money import is_currency
from convene.programmes.queries.access import can_decide
from convene.programmes.services._common import (
    clean_slug,
    clean_text,
    clean_title_description,
    require,
    require_person,
)

MAX_CRITERIA = 20
MAX_THRESHOLD = 20
MAX_REPORT_DAYS = 730


def _rubric(rubric: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    cleaned: list[dict[str, str]] = []
    if len(rubric) > MAX_CRITERIA:
        raise Invalid(_("At most %(n)s criteria.") % {"n": MAX_CRITERIA}, field="rubric")
    for index, criterion in enumerate(rubric):
        label = clean_text(str(criterion.get("label", "")), field="rubric", limit=TITLE_LIMIT)
        key = slugify(str(criterion.get("key") or label)).replace("-", "_")[:40]
        if not key:
            raise Invalid(
                _("Criterion %(n)s needs a name in Latin letters or digits as its key.")
                % {"n": index + 1},
                field="rubric",
            )
        if key in {c["key"] for c in cleaned}:
            raise Invalid(_("Two criteria share the key “%(key)s”.") % {"key": key}, field="rubric")
        cleaned.append({"key": key, "label": label})
    if not cleaned:
        raise Invalid(_("Give at least one criterion to score."), field="rubric", code="required")
    return cleaned


def _fields(
    *,
    title: str,
    description: str,
    rubric: Sequence[Mapping[str, Any]],
    threshold: int,
    currencies: Sequence[str],
    kinds: Sequence[str],
    report_due_days: int,
) -> dict[str, Any]:
    errors: dict[str | None, str] = {}
    codes = sorted({code.strip().upper() for code in currencies if code.strip()})
    unknown = [code for code in codes if not is_currency(code)]
    if unknown:
        errors["currencies"] = _("Not ISO 4217 currencies: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    chosen = sorted(set(kinds))
    if set(chosen) - set(GrantKind.values):
        errors["kinds"] = _("Unknown kind of grant.")
    if not 1 <= threshold <= MAX_THRESHOLD:
        errors["threshold"] = _("From 1 to %(n)s approvals.") % {"n": MAX_THRESHOLD}
    if not 1 <= report_due_days <= MAX_REPORT_DAYS:
        errors["report_due_days"] = _("From 1 to %(n)s days.") % {"n": MAX_REPORT_DAYS}
    if errors:
        raise Invalid.from_fields(errors)
    return {
        **clean_title_description(title, description),
        "rubric": _rubric(rubric),
        "threshold": threshold,
        "currencies": codes,
        "kinds": [kind for kind in GrantKind.values if kind in chosen],
        "report_due_days": report_due_days,
    }


def reviewers_by_username(usernames: Sequence[str], *, field: str = "reviewers") -> list[User]:
    wanted = sorted({name.strip() for name in usernames if name.strip()})
    found = list(User.objects.filter(username__in=wanted, is_active=True))
    missing = sorted(set(wanted) - {user.username for user in found})
    if missing:
        raise Invalid(_("No such people: %(names)s.") % {"names": ", ".join(missing)}, field=field)
    return found


def grant_programme_create(
    *,
    actor: Actor,
    slug: str,
    title: str,
    rubric: Sequence[Mapping[str, Any]],
    threshold: int = 2,
    description: str = "",
    currencies: Sequence[str] = (),
    kinds: Sequence[str] = (),
    reviewers: Sequence[User] = (),
    report_due_days: int = 60,
) -> GrantProgramme:
    """A new call for proposals (staff). It becomes the current programme (the one new
    proposals go to). `currencies` and `kinds` limit what proposals may ask (empty: any);
    `threshold` reviewers' approvals decide."""
    require_person(actor)
    require(can_decide(actor), _("Only staff may open a grant programme."))
    slug = clean_slug(slug, example="small-grants-2031")
    fields = _fields(
        title=title, description=description, rubric=rubric, threshold=threshold,
        currencies=currencies, kinds=kinds, report_due_days=report_due_days,
    )  # fmt: skip
    if GrantProgramme.objects.filter(slug=slug).exists():
        raise Conflict(
            _("There is already a grant programme “%(slug)s”.") % {"slug": slug}, field="slug"
        )
    with transaction.atomic():
        programme = GrantProgramme.objects.create(slug=slug, **fields)
        programme.reviewers.set(reviewers)
        bump(GRANTS)  # its reviewers see what they review
    return programme


def grant_programme_update(
    *,
    actor: Actor,
    programme: GrantProgramme,
    title: str,
    rubric: Sequence[Mapping[str, Any]],
    threshold: int,
    description: str = "",
    currencies: Sequence[str] = (),
    kinds: Sequence[str] = (),
    reviewers: Sequence[User] = (),
    report_due_days: int = 60,
) -> GrantProgramme:
    """Change a programme (staff). Reviews already given keep their scores; a changed
    threshold counts for the decisions still to take."""
    require_person(actor)
    require(can_decide(actor), _("Only staff may change a grant programme."))
    fields = _fields(
        title=title, description=description, rubric=rubric, threshold=threshold,
        currencies=currencies, kinds=kinds, report_due_days=report_due_days,
    )  # fmt: skip
    with transaction.atomic():
        for name, value in fields.items():
            setattr(programme, name, value)
        programme.save()
        programme.reviewers.set(reviewers)
        bump(GRANTS)  # its reviewers see what they review
    return programme
