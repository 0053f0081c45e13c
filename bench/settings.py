"""The site's settings with the bench's urlconf (which adds the bare reference)."""

from convene.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
