"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

Where the browser is missing, tests/conftest.py skips these tests (and says so in the
summary) or, under CI, fails them; the fixtures below only run when it is there.
"""

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import CHROMIUM

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


# Playwright's sync API runs an event loop in this thread; the Django test database is
# only touched from this thread between browser calls, which is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, timezone_id="Asia/Kathmandu", locale="en-GB"
    )
    context.set_default_timeout(10_000)
    # pytest's live server is WSGI and serves no `/live/…` stream (convene.live does, under
    # uvicorn: tests/e2e/test_qa_board.py runs one). A board opened here would ask it for
    # one and get 404; answer as a server without the live service would: 204, which tells
    # EventSource not to reconnect.
    context.route(f"{live_server.url}/live/**", lambda route: route.fulfill(status=204))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    # Name what failed to load (the console message does not say which address).
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    yield page
    context.close()
    assert errors == [], f"browser errors: {errors}"
