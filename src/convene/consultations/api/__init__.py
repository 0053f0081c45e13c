"""The consultations API: chapters, versions with keyed paragraphs, anchored feedback,
periods, triage and translations.

Errors answer `{code, message, field, errors}`; lists answer `{count, next, items}`
(`limit`, `offset`). Reads are open to everyone (drafts and givers' contacts only to the
drafting group); writes need a signed-in person with the right role (see
`consultations.queries.access`).
"""

# The endpoints register themselves on the router as their modules are imported, in
# this order (a path is matched against the routes in the order they were added).
from convene.consultations.api import chapters, feedback, periods  # noqa: F401
from convene.consultations.api.common import router

__all__ = ["router"]
