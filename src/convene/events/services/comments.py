"""Comments on an event: write, report, hide (moderators)."""

from django.utils.translation import gettext as _

from convene.core.clock import now
from convene.core.errors import Invalid, NotAllowed
from convene.core.generations import bump
from convene.core.types import Actor
from convene.events.models import Comment, Event
from convene.events.page_reads import COMMENTS
from convene.events.queries import is_organiser
from convene.events.services.common import require_person, signed_in_person


def comment_add(*, actor: Actor, event: Event, body: str, parent: Comment | None = None) -> Comment:
    author = require_person(actor, _("Sign in to comment."))
    if getattr(getattr(author, "profile", None), "blocked", False):
        raise NotAllowed(_("This account is blocked."), code="blocked")
    body = body.strip()
    if not body:
        raise Invalid(_("Write something first."), field="body")
    if len(body) > 5000:
        raise Invalid(_("Keep comments under 5000 characters."), field="body", code="too_long")
    if parent is not None and parent.event_id != event.pk:
        raise Invalid(_("That reply belongs to another event."), field="parent")
    comment = Comment.objects.create(
        event=event, author=author, parent=parent, body=body, created_at=now()
    )
    bump(COMMENTS)  # the event's page remembers when it has none (events/page_reads.py)
    return comment


def comment_report(*, actor: Actor, comment: Comment) -> None:
    comment.reports.add(require_person(actor, _("Sign in to report.")))


def comment_set_hidden(*, actor: Actor, comment: Comment, hidden: bool) -> Comment:
    """Moderators (staff or the event's organisers) hide or show a comment."""
    if not is_organiser(actor, comment.event):
        raise NotAllowed(_("Only moderators may hide comments."))
    comment.hidden = hidden
    comment.hidden_by = signed_in_person(actor) if hidden else None
    comment.save(update_fields=["hidden", "hidden_by"])
    return comment
