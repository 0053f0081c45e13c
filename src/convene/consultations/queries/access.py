"""Who may do what in a consultation (the services enforce these; pages use them to show
or hide controls).

- create chapters: staff, members of the charter's committee;
- publish versions, open and close them, triage feedback, manage periods: staff, members
  of the chapter's drafting group or of the charter's committee ("drafters");
- give feedback on the web: any signed-in, active, unblocked person, while a period is open;
- record feedback on behalf of others (and import surveys, talk pages, questions):
  drafters, the charter's recorders (ambassadors, facilitators) and organisers
  (coordinators of any organisation, see `events.queries.can_organise`);
- translate: any signed-in person.
"""

from typing import Any

from convene.consultations.models import Chapter, Charter
from convene.core.actors import is_active_person, signed_in
from convene.directory.models import Membership
from convene.events.queries import can_organise

__all__ = ["is_active_person", "signed_in"]


def _member_of(user: Any, organisation_ids: list[int]) -> bool:
    ids = [pk for pk in organisation_ids if pk]
    if not ids:
        return False
    return Membership.objects.filter(user_id=user.pk, organisation_id__in=ids).exists()


def can_create_chapter(*, user: Any, charter: Charter | None) -> bool:
    if not is_active_person(user):
        return False
    if user.is_staff:
        return True
    return charter is not None and _member_of(user, [charter.committee_id or 0])


def can_draft(*, user: Any, chapter: Chapter) -> bool:
    """Publish versions, triage, periods: staff, the drafting group, the committee."""
    if not is_active_person(user):
        return False
    if user.is_staff:
        return True
    cached: dict[int, bool] = getattr(user, "_consult_drafts", {})
    if chapter.pk in cached:
        return cached[chapter.pk]
    allowed = _member_of(user, [chapter.drafting_group_id or 0, chapter.charter.committee_id or 0])
    cached[chapter.pk] = allowed
    user._consult_drafts = cached  # one query per chapter and request
    return allowed


def can_triage(*, user: Any, chapter: Chapter) -> bool:
    return can_draft(user=user, chapter=chapter)


def can_give(*, user: Any) -> bool:
    return is_active_person(user)


def can_record(*, user: Any, chapter: Chapter) -> bool:
    """Enter feedback on behalf of others, import it, turn questions into it."""
    if not is_active_person(user):
        return False
    if can_draft(user=user, chapter=chapter):
        return True
    if chapter.charter.recorders.filter(pk=user.pk).exists():
        return True
    return can_organise(user)


def can_translate(*, user: Any) -> bool:
    return is_active_person(user)
