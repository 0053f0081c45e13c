"""Links that leave the site (e-mails, wiki pages) need its full public address."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` ("/events/3/") under settings.SITE_URL ("https://convene.example.org")."""
    return f"{str(settings.SITE_URL).rstrip('/')}{path}"
