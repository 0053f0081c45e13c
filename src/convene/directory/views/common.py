"""What the directory pages share."""

from convene.core.errors import Conflict, Invalid

PAGE_SIZE = 50
PICKED = ("country", "language")  # filters given through a search picker
# A form shows these refusals on its fields; the others (not signed in, not allowed) are
# answered as a page by RefusalMiddleware.
FORM_REFUSALS = (Invalid, Conflict)
