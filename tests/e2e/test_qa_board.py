"""The live board in real browsers: one person votes, another sees it without reloading;
a moderator pins a question and the presenter view follows.

The pages come from pytest-django's live server (WSGI, the test database); the live
stream needs an ASGI server, so a small one runs beside it in this process: it answers
`/live/…` itself (convene.live.asgi, sharing this process's in-process broker with the
live server's publishes) and hands everything else to the live server, as `convene serve`
does behind one address.
"""

import asyncio
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from django.test import Client

from convene.live.asgi import PREFIX, stream
from convene.live.broker import get_broker
from convene.qa import services
from convene.qa.models import Vote
from tests.qa.conftest import make_body, make_event, make_person

pytestmark = pytest.mark.django_db(transaction=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)
_HOP = {b"host", b"connection", b"content-length", b"accept-encoding"}


def _proxy_app(target: str) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    # End the streams and let go of the broker's readers in this loop.
                    await get_broker().aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        if scope["path"].startswith(PREFIX):
            await stream(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode(): v.decode() for k, v in scope["headers"] if k not in _HOP}
        headers["Host"] = dict(scope["headers"])[b"host"].decode()
        query = scope["query_string"].decode()
        url = target + scope["path"] + (f"?{query}" if query else "")
        request = urllib.request.Request(  # noqa: S310  (the live server on loopback)
            url, data=body or None, method=scope["method"], headers=headers
        )

        def fetch() -> tuple[int, list[tuple[str, str]], bytes]:
            try:
                with _opener.open(request, timeout=20) as response:
                    return response.status, list(response.headers.items()), response.read()
            except urllib.error.HTTPError as error:
                return error.code, list(error.headers.items()), error.read()

        status, out_headers, content = await asyncio.to_thread(fetch)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (k.lower().encode(), v.encode())
                    for k, v in out_headers
                    if k.lower() not in ("content-length", "connection", "transfer-encoding")
                ],
            }
        )
        await send({"type": "http.response.body", "body": content})

    return app


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def site(live_server: Any) -> Iterator[str]:
    """One address for pages and the live stream."""
    port = _free_port()
    config = uvicorn.Config(
        _proxy_app(live_server.url),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        loop="asyncio",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def open_page(browser: Any, site: str) -> Iterator[Any]:
    contexts: list[Any] = []
    errors: list[str] = []

    def opener(user: Any | None = None) -> Any:
        context = browser.new_context(base_url=site, timezone_id="Asia/Kathmandu", locale="en-GB")
        context.set_default_timeout(10_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
            )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert errors == [], f"browser errors: {errors}"


@pytest.fixture
def people() -> dict[str, Any]:
    admin = make_person("admin")
    admin.is_staff = True
    admin.save()
    organiser = make_person("organiser")
    make_body(organiser)
    return {
        "admin": admin,
        "organiser": organiser,
        "alice": make_person("alice"),
        "bob": make_person("bob"),
        "event": make_event(admin, organiser),
    }


def test_vote_in_one_browser_shows_in_the_other_without_reload(
    open_page: Any, people: dict[str, Any]
) -> None:
    event = people["event"]
    question = services.question_ask(
        actor=people["organiser"], event=event, text="Will translation be part of it?"
    )
    watcher = open_page(people["bob"])
    watcher.goto(f"/questions/events/{event.pk}/")
    watcher.wait_for_selector("#qa-live[data-live='open']")
    watcher.evaluate("window.notReloaded = true")
    voter = open_page(people["alice"])
    voter.goto(f"/questions/events/{event.pk}/")

    voter.evaluate("window.notReloaded = true")
    voter.get_by_role("button", name="Vote").click()
    voter.wait_for_selector("button[aria-pressed='true']")
    voter.get_by_role("button", name="Withdraw vote").wait_for()

    count = watcher.locator(f"[data-votes='{question.pk}']")
    count.filter(has_text="1").wait_for()
    assert (count.inner_text(), watcher.evaluate("window.notReloaded")) == ("1", True)
    assert watcher.locator("[data-votes-label]").inner_text() == "vote"  # 1 vote
    assert voter.evaluate("window.notReloaded") is True  # voted in place
    voter.get_by_role("button", name="Withdraw vote").click()
    count.filter(has_text="0").wait_for()
    assert Vote.objects.count() == 0
    watcher.set_viewport_size({"width": 360, "height": 800})
    watcher.screenshot(path="var/shot-qa-board-360.png", full_page=True)


def test_new_question_appears_on_open_board(open_page: Any, people: dict[str, Any]) -> None:
    event = people["event"]
    watcher = open_page()
    watcher.goto(f"/questions/events/{event.pk}/")
    watcher.wait_for_selector("#qa-live[data-live='open']")
    asker = open_page(people["alice"])
    asker.goto(f"/questions/events/{event.pk}/")

    asker.get_by_label("Your question").fill("How is ambassador work different?")
    asker.get_by_label("Topic (optional)").fill("Ambassadors")
    asker.get_by_label("Language of the question").fill("Bangla")
    asker.get_by_role("button", name="Ask").click()

    text = watcher.locator(".qa-text", has_text="How is ambassador work different?")
    text.wait_for()
    item = watcher.locator("#qa-list > .qa-item")
    assert item.count() == 1
    assert (text.get_attribute("lang"), text.get_attribute("dir")) == ("bn", "auto")
    assert item.locator("[data-topic]").inner_text() == "Ambassadors"
    assert item.locator("[data-language]").inner_text() == "Bangla"
    assert item.locator("[data-votes-label]").inner_text() == "votes"


def test_answer_pin_and_hide_patch_open_board(open_page: Any, people: dict[str, Any]) -> None:
    event, organiser = people["event"], people["organiser"]
    question = services.question_ask(
        actor=people["alice"], event=event, text="How is ambassador work different?"
    )
    watcher = open_page()
    watcher.goto(f"/questions/events/{event.pk}/")
    watcher.wait_for_selector("#qa-live[data-live='open']")
    watcher.evaluate("window.notReloaded = true")

    services.question_answer(
        actor=organiser, question=question, text="Facilitators support ambassadors.", by="MCDC"
    )
    answer = watcher.locator(f"#q{question.pk} .qa-answers li")
    answer.wait_for()
    services.question_pin(actor=organiser, event=event, question=question)
    watcher.locator(f"#qa-pinned-box[data-pinned='{question.pk}']").wait_for()
    state = watcher.locator(f"#q{question.pk} [data-state]").inner_text()
    services.question_set_hidden(actor=organiser, question=question, hidden=True)
    watcher.locator(f"#q{question.pk}").wait_for(state="detached")

    assert answer.count() == 0  # went with its question
    assert (state, watcher.evaluate("window.notReloaded")) == ("answered in writing", True)
    assert watcher.locator("#qa-pinned-box").get_attribute("data-pinned") == ""


def test_question_shown_again_comes_back_with_its_answer(
    open_page: Any, people: dict[str, Any]
) -> None:
    event, organiser = people["event"], people["organiser"]
    question = services.question_ask(actor=people["alice"], event=event, text="Hubs?")
    services.question_answer(actor=organiser, question=question, text="In every region.")
    services.question_set_hidden(actor=organiser, question=question, hidden=True)
    watcher = open_page()
    watcher.goto(f"/questions/events/{event.pk}/")
    watcher.wait_for_selector("#qa-live[data-live='open']")
    watcher.evaluate("window.notReloaded = true")

    services.question_set_hidden(actor=organiser, question=question, hidden=False)

    answer = watcher.locator(f"#q{question.pk} .qa-answers li")
    answer.wait_for()
    assert ("In every region." in answer.inner_text(), watcher.evaluate("window.notReloaded")) == (
        True,
        True,
    )


def test_pin_in_moderation_moves_presenter_view(open_page: Any, people: dict[str, Any]) -> None:
    event = people["event"]
    services.question_ask(actor=people["alice"], event=event, text="First on the list")
    second = services.question_ask(
        actor=people["alice"], event=event, text="What is the issue with grants to Bangladesh?"
    )
    presenter = open_page()
    presenter.goto(f"/questions/events/{event.pk}/presenter")
    presenter.wait_for_selector("#qa-presenter[data-live='open']")
    moderator = open_page(people["organiser"])
    moderator.goto(f"/questions/events/{event.pk}/moderate")

    item = moderator.locator(f"#q{second.pk}")
    item.locator("summary").click()
    item.get_by_role("button", name="Now answering").click()

    stage = presenter.locator(f"[data-pinned='{second.pk}']")
    stage.wait_for()
    assert stage.inner_text() == "What is the issue with grants to Bangladesh?"
    presenter.screenshot(path="var/shot-qa-presenter.png")


def test_similar_questions_shown_while_typing(open_page: Any, people: dict[str, Any]) -> None:
    event, organiser = people["event"], people["organiser"]
    earlier = services.question_ask(
        actor=people["bob"], event=event, text="What is the issue with grants to Bangladesh?"
    )
    services.question_answer(
        actor=organiser, question=earlier, text="Work is ongoing to find a solution.", by="MCDC"
    )
    asker = open_page(people["alice"])
    asker.goto(f"/questions/events/{event.pk}/")

    asker.get_by_label("Your question").press_sequentially("grants for Bangladesh", delay=20)

    found = asker.locator("#similar li")
    found.first.wait_for()
    assert found.count() == 1
    assert "Work is ongoing to find a solution." in found.first.inner_text()


def test_merge_a_question_by_picking_it(open_page: Any, people: dict[str, Any]) -> None:
    event = people["event"]
    first = services.question_ask(actor=people["bob"], event=event, text="Who decides hub funding?")
    services.question_ask(actor=people["bob"], event=event, text="Which languages are spoken?")
    duplicate = services.question_ask(
        actor=people["alice"], event=event, text="Who decides the funding of hubs"
    )
    moderator = open_page(people["organiser"])
    moderator.goto(f"/questions/events/{event.pk}/moderate")

    item = moderator.locator(f"#q{duplicate.pk}")
    item.locator("summary").click()
    item.get_by_role("link", name="Merge into another question…").click()
    moderator.get_by_label("Search the board's questions").fill("hub funding")
    moderator.locator("#pick-list li").first.filter(has_text="Who decides hub funding?").wait_for()
    moderator.get_by_label("Who decides hub funding?").check()
    moderator.get_by_role("button", name="Merge (votes combine)").click()
    moderator.wait_for_url(f"**/questions/events/{event.pk}/moderate")

    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into_id) == ("merged", first.pk)
    assert moderator.locator(f"#q{duplicate.pk}").count() == 0


def test_answer_on_behalf_of_the_committee(open_page: Any, people: dict[str, Any]) -> None:
    event = people["event"]
    make_body(people["organiser"], "Support team", kind="staff_team")
    question = services.question_ask(actor=people["alice"], event=event, text="Who runs hubs?")
    organiser = open_page(people["organiser"])
    organiser.goto(f"/questions/{question.pk}/")

    organiser.get_by_label("On behalf of").select_option(label="MCDC")
    organiser.get_by_label("Answer", exact=True).fill("Each hub decides, within the Charter.")
    organiser.get_by_role("button", name="Answer").click()

    link = organiser.get_by_role("link", name="MCDC response:")
    link.wait_for()
    assert link.get_attribute("href") == "/directory/mcdc/"
    assert organiser.get_by_label("Or another body (staff only)").count() == 0
    assert question.answers.get().organisation.slug == "mcdc"


def test_more_questions_load_in_place(
    open_page: Any, people: dict[str, Any], settings: Any
) -> None:
    from convene.qa.queries import BOARD_PAGE

    settings.QA_RATE_LIMITS = {"ask": (0, 60)}
    event = people["event"]
    for number in range(BOARD_PAGE + 2):
        services.question_ask(actor=people["bob"], event=event, text=f"Question {number}")
    reader = open_page()
    reader.goto(f"/questions/events/{event.pk}/?sort=newest")
    reader.wait_for_selector("#qa-live[data-live='open']")
    reader.evaluate("window.notReloaded = true")
    items = reader.locator("#qa-list > .qa-item")
    first_page = items.count()

    reader.get_by_role("link", name="More questions").click()
    reader.locator(".qa-text", has_text="Question 0").wait_for()

    assert (first_page, items.count()) == (BOARD_PAGE, BOARD_PAGE + 2)
    assert reader.evaluate("window.notReloaded") is True
    assert reader.get_by_role("link", name="More questions").count() == 0


def test_mixed_direction_questions_read_right(open_page: Any, people: dict[str, Any]) -> None:
    event = people["event"]
    arabic = services.question_ask(
        actor=people["alice"], event=event, text="كيف ستعمل المراكز الإقليمية؟", language="ar"
    )
    english = services.question_ask(
        actor=people["bob"], event=event, text="How will hubs work?", language="en"
    )
    reader = open_page()
    reader.goto(f"/questions/events/{event.pk}/")

    shown = tuple(
        str(reader.locator(f"#qt{q.pk}").evaluate("e => getComputedStyle(e).direction"))
        for q in (arabic, english)
    )
    reader.screenshot(path="var/shot-qa-board-mixed.png", full_page=True)

    # The Arabic question reads right to left on the English board, each in its language.
    assert shown == ("rtl", "ltr")
    assert reader.locator(f"#qt{arabic.pk}").get_attribute("lang") == "ar"
