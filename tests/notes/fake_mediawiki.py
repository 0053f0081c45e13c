"""A small fake MediaWiki action API, served on 127.0.0.1 for the publishing tests.

It implements what mwclient calls when Convene publishes, and keeps the pages in
memory: ``action=query`` with ``meta=siteinfo|userinfo|tokens`` and
``prop=revisions|info`` (optionally one section), ``action=login`` (bot passwords),
and ``action=edit`` with the checks that matter here: the OAuth 2 bearer token
(``mwoauth-invalid-authorization`` when unknown, or HTTP 401 when asked to), the CSRF
token, ``assert=user``, ``baserevid`` (``editconflict`` when the page moved on),
``createonly``/``nocreate`` and section edits. Every edit request is logged.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

CSRF = "fake+\\"
_HEADING = re.compile(r"^(=+)[^=\n].*\1[ \t]*$")


@dataclass
class Revision:
    revid: int
    text: str
    timestamp: str
    user: str
    summary: str


@dataclass
class Wiki:
    """The wiki's state: pages (title → revisions), accounts, and what was asked."""

    pages: dict[str, list[Revision]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # bearer token → user name
    bots: dict[str, str] = field(default_factory=dict)  # bot user → password
    answer_401: bool = False  # answer HTTP 401 to a bad token instead of an API error
    before_edit: Callable[[], None] | None = None  # runs once, just before the next edit
    edits: list[dict[str, str]] = field(default_factory=list)
    next_revid: int = 100
    lock: threading.Lock = field(default_factory=threading.Lock)

    def save(self, title: str, text: str, *, user: str = "Someone", summary: str = "") -> int:
        self.next_revid += 1
        stamp = f"2026-01-01T00:{self.next_revid // 60 % 60:02d}:{self.next_revid % 60:02d}Z"
        self.pages.setdefault(title, []).append(
            Revision(self.next_revid, text, stamp, user, summary)
        )
        return self.next_revid

    def text(self, title: str) -> str:
        return self.pages[title][-1].text

    def latest(self, title: str) -> Revision | None:
        revisions = self.pages.get(title)
        return revisions[-1] if revisions else None


def sections(text: str) -> list[str]:
    """Section 0 (before the first heading), then one per heading (heading included)."""
    out = [""]
    for line in text.split("\n"):
        if _HEADING.match(line.strip()):
            out.append(line + "\n")
        else:
            out[-1] += line + "\n"
    out[-1] = out[-1][:-1]  # the split added one newline too many at the very end
    return out


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the stdlib's name)
        pass

    def do_GET(self) -> None:
        self._handle(parse_qs(urlsplit(self.path).query))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        params = parse_qs(urlsplit(self.path).query)
        params.update(parse_qs(body, keep_blank_values=True))
        self._handle(params)

    def _send(self, data: dict[str, Any], status: int = 200) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _user(self) -> tuple[str | None, bool]:
        """(user name or None, whether a bad bearer token was sent)."""
        wiki = self.server.wiki
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            user = wiki.tokens.get(auth.removeprefix("Bearer "))
            return user, user is None
        cookie = self.headers.get("Cookie", "")
        match = re.search(r"fakesession=([^;]+)", cookie)
        if match and match.group(1) in wiki.bots:
            return match.group(1), False
        return None, False

    def _handle(self, raw: dict[str, list[str]]) -> None:
        params = {k: v[-1] for k, v in raw.items()}
        wiki = self.server.wiki
        user, bad_token = self._user()
        if bad_token:
            if wiki.answer_401:
                self._send({"error": "unauthorized"}, status=401)
                return
            self._send(
                {
                    "error": {
                        "code": "mwoauth-invalid-authorization",
                        "info": "The authorization headers in your request are not valid",
                    }
                }
            )
            return
        action = params.get("action")
        with wiki.lock:
            if action == "query":
                self._send(self._query(params, user))
            elif action == "login":
                self._login(params)
            elif action == "edit":
                self._send(self._edit(params, user))
            else:
                self._send({"error": {"code": "badvalue", "info": f"no action {action}"}})

    def _query(self, params: dict[str, str], user: str | None) -> dict[str, Any]:
        wiki = self.server.wiki
        query: dict[str, Any] = {}
        meta = params.get("meta", "").split("|")
        if "siteinfo" in meta:
            query["general"] = {"generator": "MediaWiki 1.43.0", "sitename": "Fake wiki"}
            query["namespaces"] = {"0": {"id": 0, "*": ""}, "2": {"id": 2, "*": "User"}}
        if "userinfo" in meta:
            query["userinfo"] = (
                {"id": 7, "name": user, "groups": ["user"], "rights": ["edit"]}
                if user
                else {"id": 0, "name": "127.0.0.1", "anon": ""}
            )
        if "tokens" in meta:
            query["tokens"] = {"csrftoken": CSRF if user else "+\\", "logintoken": "login+\\"}
        if "titles" in params:
            title = params["titles"]
            latest = wiki.latest(title)
            if latest is None:
                query["pages"] = {"-1": {"ns": 0, "title": title, "missing": ""}}
            else:
                text = latest.text
                if params.get("rvsection"):
                    parts = sections(text)
                    number = int(params["rvsection"])
                    if number >= len(parts):
                        return {"error": {"code": "nosuchsection", "info": "no such section"}}
                    text = parts[number].rstrip("\n")
                revision = {
                    "revid": latest.revid,
                    "timestamp": latest.timestamp,
                    "slots": {"main": {"contentmodel": "wikitext", "*": text}},
                }
                query["pages"] = {"1": {"pageid": 1, "title": title, "revisions": [revision]}}
        return {"batchcomplete": "", "query": query}

    def _login(self, params: dict[str, str]) -> None:
        wiki = self.server.wiki
        name, password = params.get("lgname", ""), params.get("lgpassword", "")
        if params.get("lgtoken") != "login+\\" or wiki.bots.get(name) != password:
            self._send({"login": {"result": "Failed", "reason": "Incorrect username or password"}})
            return
        body = json.dumps({"login": {"result": "Success", "lgusername": name}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", f"fakesession={name}; Path=/")
        self.end_headers()
        self.wfile.write(body)

    # One return per refusal the real wiki makes, in its order: clearer than a table.
    def _edit(self, params: dict[str, str], user: str | None) -> dict[str, Any]:  # noqa: PLR0911
        wiki = self.server.wiki
        wiki.edits.append(dict(params))
        if params.get("token") != CSRF:
            return {"error": {"code": "badtoken", "info": "Invalid CSRF token."}}
        if params.get("assert") == "user" and user is None:
            return {"error": {"code": "assertuserfailed", "info": "You are not logged in."}}
        if wiki.before_edit is not None:
            hook, wiki.before_edit = wiki.before_edit, None
            hook()
        title = params["title"]
        latest = wiki.latest(title)
        if latest is not None and params.get("createonly"):
            return {"error": {"code": "articleexists", "info": "The page already exists."}}
        if latest is None and params.get("nocreate"):
            return {"error": {"code": "missingtitle", "info": "The page does not exist."}}
        base = params.get("baserevid")
        if latest is not None and base and int(base) != latest.revid:
            return {"error": {"code": "editconflict", "info": "Edit conflict."}}
        text = params["text"]
        if params.get("section"):
            parts = sections(latest.text if latest else "")
            number = int(params["section"])
            if number >= len(parts):
                return {"error": {"code": "nosuchsection", "info": "no such section"}}
            parts[number] = text.rstrip("\n") + ("\n" if number < len(parts) - 1 else "")
            text = "".join(parts)
        if latest is not None and latest.text == text:
            return {"edit": {"result": "Success", "title": title, "nochange": ""}}
        old = latest.revid if latest else 0
        new = wiki.save(title, text, user=user or "anon", summary=params.get("summary", ""))
        return {"edit": {"result": "Success", "title": title, "oldrevid": old, "newrevid": new}}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, wiki: Wiki) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.wiki = wiki


class FakeMediaWiki:
    """Start with ``FakeMediaWiki().start()``; ``host`` is "127.0.0.1:PORT"."""

    def __init__(self) -> None:
        self.wiki = Wiki()
        self._server = _Server(self.wiki)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeMediaWiki:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
