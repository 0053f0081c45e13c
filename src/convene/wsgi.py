"""WSGI entry point: pages and the API are served here (the fast synchronous path)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")

application = get_wsgi_application()
