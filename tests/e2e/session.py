"""Signing a browser in without the sign-in form: the test client's session cookie, given
to the browser context for the live server."""

from typing import Any

from django.test import Client


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
