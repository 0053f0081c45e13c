"""A fake Wikimedia OAuth 2 server (the outside world), served over loopback for tests.

It answers the three addresses allauth's MediaWiki provider uses under the wiki's REST
API (`…/w/rest.php`):

- `GET  /w/rest.php/oauth2/authorize`: the consent page. The fake person answers at
  once: with `consent="allow"` it redirects to `redirect_uri` with a code and the state,
  with `consent="refuse"` with `error=access_denied` (what MediaWiki sends on "Cancel").
- `POST /w/rest.php/oauth2/access_token`: trades a code for an access token, checking
  client id, secret, code and redirect URI as MediaWiki does; `token_error=True` makes
  it answer 400 `invalid_grant`.
- `GET  /w/rest.php/oauth2/resource/profile`: the person behind a bearer token.

Every request is recorded in `requests` so tests can assert what was asked.
"""

import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from allauth.socialaccount.providers.mediawiki.views import MediaWikiOAuth2Adapter

PREFIX = "/w/rest.php"


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeWikimedia:
    client_id: str = "convene-test-client"
    client_secret: str = "convene-test-secret"
    consent: str = "allow"  # or "refuse"
    token_error: bool = False
    person: dict[str, Any] = field(
        default_factory=lambda: {
            "sub": 4242,
            "username": "Asha Kumari",
            "editcount": 1234,
            "confirmed_email": True,
            "email": "asha@example.org",
            "blocked": False,
            "registered": "20150101000000",
            "groups": ["*", "user", "autoconfirmed"],
            "rights": ["read", "edit"],
            "grants": ["basic"],
            "realname": "",
        }
    )
    requests: list[Recorded] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # code → redirect_uri
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)  # token → person
    server: ThreadingHTTPServer | None = None

    @property
    def rest_api(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{PREFIX}"

    def start(self) -> "FakeWikimedia":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # keep test output quiet

            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # --- the three endpoints -----------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        recorded = Recorded(
            method=method,
            path=parts.path,
            query=dict(parse_qsl(parts.query)),
            form=dict(parse_qsl(body)),
            headers={k.lower(): v for k, v in handler.headers.items()},
        )
        self.requests.append(recorded)
        route = (method, parts.path.removeprefix(PREFIX))
        if route == ("GET", "/oauth2/authorize"):
            self._authorize(handler, recorded)
        elif route == ("POST", "/oauth2/access_token"):
            self._access_token(handler, recorded)
        elif route == ("GET", "/oauth2/resource/profile"):
            self._profile(handler, recorded)
        else:
            self._json(handler, 404, {"error": "not_found"})

    def _authorize(self, handler: BaseHTTPRequestHandler, req: Recorded) -> None:
        if req.query.get("client_id") != self.client_id or req.query.get("response_type") != (
            "code"
        ):
            self._json(handler, 400, {"error": "invalid_client"})
            return
        redirect_uri = req.query["redirect_uri"]
        if self.consent == "allow":
            code = secrets.token_urlsafe(16)
            self.codes[code] = redirect_uri
            params = {"code": code, "state": req.query.get("state", "")}
        else:
            params = {
                "error": "access_denied",
                "message": "The user denied the request",
                "state": req.query.get("state", ""),
            }
        handler.send_response(302)
        handler.send_header("Location", f"{redirect_uri}?{urlencode(params)}")
        handler.end_headers()

    def _access_token(self, handler: BaseHTTPRequestHandler, req: Recorded) -> None:
        form = req.form
        code = form.get("code", "")
        if (
            self.token_error
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or self.codes.pop(code, None) != form.get("redirect_uri")
        ):
            self._json(
                handler,
                400,
                {"error": "invalid_grant", "message": "Authorization code is invalid"},
            )
            return
        token = secrets.token_urlsafe(24)
        self.tokens[token] = dict(self.person)
        self._json(
            handler,
            200,
            {
                "token_type": "Bearer",
                "expires_in": 14400,
                "access_token": token,
                "refresh_token": f"refresh-{token}",
            },
        )

    def _profile(self, handler: BaseHTTPRequestHandler, req: Recorded) -> None:
        scheme, _, token = req.headers.get("authorization", "").partition(" ")
        person = self.tokens.get(token) if scheme == "Bearer" else None
        if person is None:
            self._json(handler, 401, {"error": "invalid_token"})
            return
        self._json(handler, 200, person)

    @staticmethod
    def _json(handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


def switch_on(fake: FakeWikimedia, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Configure Wikimedia login as WIKIMEDIA_OAUTH_KEY/_SECRET/_REST_API would, with
    the fake server as the wiki."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    settings.WIKIMEDIA_OAUTH_KEY = fake.client_id
    settings.WIKIMEDIA_OAUTH_SECRET = fake.client_secret
    settings.SOCIALACCOUNT_PROVIDERS = {
        "mediawiki": {
            **settings.SOCIALACCOUNT_PROVIDERS["mediawiki"],
            "REST_API": fake.rest_api,
            "APPS": [{"client_id": fake.client_id, "secret": fake.client_secret}],
        }
    }
    # allauth turns REST_API into these three addresses once, when it is imported (as
    # settings.py does with WIKIMEDIA_REST_API at start-up); point them at the fake too.
    monkeypatch.setattr(
        MediaWikiOAuth2Adapter, "access_token_url", f"{fake.rest_api}/oauth2/access_token"
    )
    monkeypatch.setattr(
        MediaWikiOAuth2Adapter, "authorize_url", f"{fake.rest_api}/oauth2/authorize"
    )
    monkeypatch.setattr(
        MediaWikiOAuth2Adapter, "profile_url", f"{fake.rest_api}/oauth2/resource/profile"
    )
    # The CSP's form-action allows the wiki (settings derive it from WIKIMEDIA_REST_API).
    policy = settings.CONTENT_SECURITY_POLICY
    host, port = fake.server.server_address[:2] if fake.server else ("", 0)
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {**policy["DIRECTIVES"], "form-action": ["'self'", f"http://{host}:{port}"]},
    }
