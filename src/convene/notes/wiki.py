"""Talking to a MediaWiki (the movement's wiki by default) through mwclient.

Three things are needed: who we are (the person's Wikimedia OAuth 2 token sent as a
bearer token, or the configured bot account logged in with its bot password), reading a
page or section with its current revision, and editing it against the revision we
based our text on (``baserevid``), so that the wiki refuses to overwrite an edit made
in between. Every failure is turned into one of four exceptions that the publishing
service can show plainly: :class:`WikiConflictError`, :class:`WikiAuthError`,
:class:`WikiUnreachableError`, :class:`WikiError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import mwclient
import requests
from django.conf import settings
from mwclient import errors as mw_errors

# Codes the wiki answers when the bearer token (or the session) is not good any more.
_AUTH_CODES = frozenset(
    {
        "mwoauth-invalid-authorization",
        "mwoauth-invalid-authorization-invalid-user",
        "mwoauth-invalid-authorization-wrong-user",
        "notloggedin",
        "assertuserfailed",
        "assertnameduserfailed",
        "badtoken",
    }
)
_HEADING_RE = re.compile(r"^(=+)[^=\n].*\1[ \t]*$")


class WikiError(Exception):
    """The wiki refused or answered something we cannot use; ``code`` says which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class WikiConflictError(WikiError):
    """The page changed after the revision our text was based on."""


class WikiAuthError(WikiError):
    """The token expired or was revoked, or the bot account could not log in."""


class WikiUnreachableError(WikiError):
    """No answer (network, DNS, timeout, a 5xx): trying again later may work."""


@dataclass(frozen=True)
class WikiConfig:
    host: str
    path: str
    scheme: str
    bot_user: str
    bot_password: str
    max_retries: int
    retry_timeout: int
    timeout: float

    def revision_url(self, revid: int) -> str:
        return f"{self.scheme}://{self.host}{self.path}index.php?oldid={revid}"

    def page_url(self, page: str) -> str:
        return f"{self.scheme}://{self.host}{self.path}index.php?title={page.replace(' ', '_')}"


def config() -> WikiConfig:
    """The wiki named by the NOTES_WIKI_* settings."""

    def get(name: str, default: Any) -> Any:
        return getattr(settings, f"NOTES_WIKI_{name}", default)

    return WikiConfig(
        host=str(get("HOST", "meta.wikimedia.org")),
        path=str(get("PATH", "/w/")),
        scheme=str(get("SCHEME", "https")),
        bot_user=str(get("BOT_USER", "")),
        bot_password=str(get("BOT_PASSWORD", "")),
        max_retries=int(get("MAX_RETRIES", 2)),
        retry_timeout=int(get("RETRY_TIMEOUT", 5)),
        timeout=float(get("TIMEOUT", 30.0)),
    )


@dataclass(frozen=True)
class PageState:
    """A page (or one section of it) as the wiki holds it now."""

    exists: bool
    text: str
    revid: int | None
    timestamp: str | None


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except WikiError:
        raise
    except mw_errors.OAuthAuthorizationError as exc:
        raise WikiAuthError("auth", str(exc)) from exc
    except mw_errors.LoginError as exc:
        raise WikiAuthError("bot_login", str(exc)) from exc
    except mw_errors.APIError as exc:
        code = str(exc.code or "")
        if code in _AUTH_CODES:
            raise WikiAuthError("auth", f"{code}: {exc.info}") from exc
        if code == "editconflict":
            raise WikiConflictError("editconflict", str(exc.info)) from exc
        raise WikiError(code or "api_error", f"{code}: {exc.info}") from exc
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else 0
        if status in (401, 403):
            raise WikiAuthError("auth", f"HTTP {status}") from exc
        if status >= 500:
            raise WikiUnreachableError("unreachable", f"HTTP {status}") from exc
        raise WikiError("http", f"HTTP {status}") from exc
    except (
        requests.ConnectionError,
        requests.Timeout,
        mw_errors.MaximumRetriesExceeded,
    ) as exc:
        raise WikiUnreachableError("unreachable", str(exc) or exc.__class__.__name__) from exc
    except (mw_errors.MwClientError, requests.RequestException, KeyError, ValueError) as exc:
        raise WikiError("invalid_response", str(exc) or exc.__class__.__name__) from exc


def connect(cfg: WikiConfig, *, bearer: str | None = None, bot: bool = False) -> Any:
    """An mwclient Site signed in with ``bearer`` (the person's token) or as the bot."""
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else None
    with _translated_errors():
        site = mwclient.Site(
            cfg.host,
            path=cfg.path,
            scheme=cfg.scheme,
            clients_useragent="Convene notes publisher",
            custom_headers=headers,
            max_retries=cfg.max_retries,
            retry_timeout=cfg.retry_timeout,
            connection_options={"timeout": cfg.timeout},
        )
        if bot:
            if not (cfg.bot_user and cfg.bot_password):
                raise WikiAuthError("bot_login", "no bot account is configured")
            site.login(cfg.bot_user, cfg.bot_password)
        if bearer and not site.logged_in:
            raise WikiAuthError("auth", "the wiki did not accept the token")
    return site


def read(site: Any, page: str, section: str = "") -> PageState:
    """The current text and revision of ``page`` (or of its ``section``)."""
    params: dict[str, Any] = {
        "prop": "revisions|info",
        "titles": page,
        "rvprop": "ids|timestamp|content",
        "rvslots": "main",
    }
    if section:
        params["rvsection"] = section
    with _translated_errors():
        info = site.api("query", http_method="GET", **params)
        pages = list(info["query"]["pages"].values())
    data = pages[0]
    if "invalid" in data:
        raise WikiError("invalidtitle", f"not a valid page title: {page}")
    if "missing" in data or not data.get("revisions"):
        return PageState(exists=False, text="", revid=None, timestamp=None)
    revision = data["revisions"][0]
    main = revision.get("slots", {}).get("main", revision)
    text = main.get("*", main.get("content", ""))
    return PageState(
        exists=True, text=str(text), revid=int(revision["revid"]), timestamp=revision["timestamp"]
    )


def split_heading(text: str) -> tuple[str, str]:
    """A section's heading line (or "") and its body."""
    first, _, rest = text.partition("\n")
    if _HEADING_RE.match(first.strip()):
        return first.strip(), rest
    return "", text


def edit(
    site: Any,
    *,
    page: str,
    section: str,
    text: str,
    summary: str,
    base: PageState,
    start_timestamp: str,
) -> int:
    """Write ``text`` over ``page``/``section`` as based on ``base``; the new revision id.

    ``baserevid``/``basetimestamp`` tell the wiki which revision the text was written
    against: an edit saved in between makes it answer ``editconflict`` (raised as
    :class:`WikiConflictError`). A page that does not exist yet is only created, never
    overwritten if someone creates it first.
    """
    params: dict[str, Any] = {
        "title": page,
        "text": text,
        "summary": summary,
        "assert": "user",
        "starttimestamp": start_timestamp,
    }
    if section:
        params["section"] = section
    if base.exists:
        params["baserevid"] = base.revid
        params["basetimestamp"] = base.timestamp
        params["nocreate"] = 1
    else:
        params["createonly"] = 1
    with _translated_errors():
        params["token"] = site.get_token("csrf")
        try:
            result = site.api("edit", **params)
        except mw_errors.APIError as exc:
            if exc.code == "articleexists":
                raise WikiConflictError("editconflict", str(exc.info)) from exc
            raise
        data = result["edit"]
        if data.get("result") != "Success":
            raise WikiError("edit_failed", str(data))
        if "nochange" in data:
            return int(base.revid or data.get("oldrevid") or 0)
        return int(data["newrevid"])
