"""Types every app shares."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

# Who acts: a signed-in person or an anonymous visitor (what `request.user` is). Services
# take `actor: Actor` and decide themselves what an anonymous one may do.
Actor: TypeAlias = User | AnonymousUser
