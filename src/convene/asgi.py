"""ASGI entry point, for the live stream (see convene.live)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")

application = get_asgi_application()
