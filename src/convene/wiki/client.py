"""Read and write MediaWiki pages through mwclient, as a person or as the bot.

    session = connect(config, BearerToken(token))      # or BotPassword(user, password)
    page = session.read_page("Project/Notes", missing_ok=True)
    revid = session.write_page("Project/Notes", text, summary="…", baserevid=page.revid)

Every write names the revision its text was based on (``baserevid``), so the wiki
refuses to overwrite an edit made in between (:class:`WikiConflict`) instead of losing
it; with no ``baserevid`` the page is only created, never overwritten. Every failure is
one of the :class:`WikiError` family, whose ``code`` a caller may store and show.

Nothing here imports Django or a Convene app: the caller passes the configuration in
(:meth:`WikiConfig.from_settings` reads it from any object with ``WIKI_*`` attributes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote

import mwclient
import requests
from mwclient import errors as mw_errors

__all__ = [
    "BearerToken",
    "BotPassword",
    "Credentials",
    "Page",
    "WikiAuthFailed",
    "WikiConfig",
    "WikiConflict",
    "WikiError",
    "WikiNotFound",
    "WikiSession",
    "WikiUnavailable",
    "connect",
    "split_heading",
]

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
_T = TypeVar("_T")


# ---------------------------------------------------------------- errors


class WikiError(Exception):
    """The wiki refused or answered something we cannot use; ``code`` says which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# N818: named for what the wiki answered (as core.errors' refusals), all under WikiError.
class WikiConflict(WikiError):  # noqa: N818
    """The page changed after the revision the text was based on (or was created when
    we meant to create it)."""


class WikiAuthFailed(WikiError):  # noqa: N818
    """The token expired or was revoked, or the bot account could not log in."""


class WikiUnavailable(WikiError):  # noqa: N818
    """No answer (network, DNS, timeout, a 5xx) after the retries: try again later."""


class WikiNotFound(WikiError):  # noqa: N818
    """The page does not exist (only raised when the caller asked for an existing one)."""


# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class BearerToken:
    """A person's Wikimedia OAuth 2 access token, sent as ``Authorization: Bearer``."""

    token: str


@dataclass(frozen=True)
class BotPassword:
    """A bot password (Special:BotPasswords): user ``Name@appid`` and its password."""

    user: str
    password: str


Credentials = BearerToken | BotPassword


@dataclass(frozen=True)
class WikiConfig:
    """Where the wiki is and how patiently to talk to it."""

    host: str = "meta.wikimedia.org"
    path: str = "/w/"
    scheme: str = "https"
    bot: BotPassword | None = None
    max_retries: int = 2  # mwclient retries a connection error or a 5xx this many times
    retry_timeout: int = 5  # seconds before the first retry, growing with each
    timeout: float = 30.0  # seconds per request
    user_agent: str = "Convene"

    # Names tried in turn for each field: WIKI_* first, then the older NOTES_WIKI_*.
    PREFIXES: ClassVar[tuple[str, ...]] = ("WIKI_", "NOTES_WIKI_")

    @classmethod
    def from_settings(cls, settings: object, *, user_agent: str = "Convene") -> WikiConfig:
        """The wiki named by ``settings``' ``WIKI_*`` attributes (``HOST``, ``PATH``,
        ``SCHEME``, ``BOT_USER``, ``BOT_PASSWORD``, ``MAX_RETRIES``, ``RETRY_TIMEOUT``,
        ``TIMEOUT``), each falling back to ``NOTES_WIKI_*`` and then the default."""

        def get(name: str, convert: Callable[[Any], _T], default: _T) -> _T:
            for prefix in cls.PREFIXES:
                value = getattr(settings, prefix + name, None)
                if value is not None:
                    return convert(value)
            return default

        user = get("BOT_USER", str, "")
        password = get("BOT_PASSWORD", str, "")
        return cls(
            host=get("HOST", str, cls.host),
            path=get("PATH", str, cls.path),
            scheme=get("SCHEME", str, cls.scheme),
            bot=BotPassword(user, password) if user and password else None,
            max_retries=get("MAX_RETRIES", int, cls.max_retries),
            retry_timeout=get("RETRY_TIMEOUT", int, cls.retry_timeout),
            timeout=get("TIMEOUT", float, cls.timeout),
            user_agent=user_agent,
        )

    def page_url(self, title: str) -> str:
        return f"{self._index()}?title={quote(title.replace(' ', '_'), safe='/:')}"

    def revision_url(self, revid: int) -> str:
        return f"{self._index()}?oldid={revid}"

    def _index(self) -> str:
        return f"{self.scheme}://{self.host}{self.path}index.php"


# ---------------------------------------------------------------- pages


@dataclass(frozen=True)
class Page:
    """A page (or one section of it) as the wiki holds it now; ``exists`` is False (and
    ``revid`` None) for a page not created yet."""

    title: str
    exists: bool
    text: str
    revid: int | None
    timestamp: str | None


def split_heading(text: str) -> tuple[str, str]:
    """A section's heading line (or "") and its body."""
    first, _, rest = text.partition("\n")
    if _HEADING_RE.match(first.strip()):
        return first.strip(), rest
    return "", text


@contextmanager
def _translated_errors() -> Iterator[None]:
    """mwclient's and requests' exceptions as the WikiError family."""
    try:
        yield
    except WikiError:
        raise
    except mw_errors.OAuthAuthorizationError as exc:
        raise WikiAuthFailed("auth", str(exc)) from exc
    except mw_errors.LoginError as exc:
        raise WikiAuthFailed("bot_login", str(exc)) from exc
    except mw_errors.APIError as exc:
        code = str(exc.code or "")
        if code in _AUTH_CODES:
            raise WikiAuthFailed("auth", f"{code}: {exc.info}") from exc
        if code in ("editconflict", "articleexists"):
            raise WikiConflict("editconflict", f"{code}: {exc.info}") from exc
        if code == "missingtitle":
            raise WikiNotFound("missingtitle", str(exc.info)) from exc
        raise WikiError(code or "api_error", f"{code}: {exc.info}") from exc
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else 0
        if status in (401, 403):
            raise WikiAuthFailed("auth", f"HTTP {status}") from exc
        if status >= 500:
            raise WikiUnavailable("unreachable", f"HTTP {status}") from exc
        raise WikiError("http", f"HTTP {status}") from exc
    except (
        requests.ConnectionError,
        requests.Timeout,
        mw_errors.MaximumRetriesExceeded,
    ) as exc:
        raise WikiUnavailable("unreachable", str(exc) or exc.__class__.__name__) from exc
    except (mw_errors.MwClientError, requests.RequestException, KeyError, ValueError) as exc:
        raise WikiError("invalid_response", str(exc) or exc.__class__.__name__) from exc


class WikiSession:
    """A connection to one wiki as one account (see :func:`connect`)."""

    def __init__(self, site: Any, config: WikiConfig) -> None:
        self.site = site  # the mwclient Site, for what this class does not cover
        self.config = config

    @property
    def username(self) -> str:
        return str(self.site.username or "")

    def read_page(self, title: str, *, section: str = "", missing_ok: bool = False) -> Page:
        """The current text and revision of ``title`` (or of its ``section``, "0" being
        the top). A page that does not exist raises :class:`WikiNotFound`, or with
        ``missing_ok`` comes back with ``exists=False``."""
        params: dict[str, Any] = {
            "prop": "revisions|info",
            "titles": title,
            "rvprop": "ids|timestamp|content",
            "rvslots": "main",
        }
        if section:
            params["rvsection"] = section
        with _translated_errors():
            info = self.site.api("query", http_method="GET", **params)
            data = next(iter(info["query"]["pages"].values()))
        if "invalid" in data:
            raise WikiError("invalidtitle", f"not a valid page title: {title}")
        name = str(data.get("title", title))
        if "missing" in data or not data.get("revisions"):
            if not missing_ok:
                raise WikiNotFound("missingtitle", f"no page {name}")
            return Page(name, exists=False, text="", revid=None, timestamp=None)
        revision = data["revisions"][0]
        main = revision.get("slots", {}).get("main", revision)
        text = main.get("*", main.get("content", ""))
        return Page(
            name,
            exists=True,
            text=str(text),
            revid=int(revision["revid"]),
            timestamp=str(revision["timestamp"]),
        )

    def talk_title(self, title: str) -> str:
        """The title of ``title``'s talk page, as the wiki names it ("Talk:X" for "X",
        "Project talk:X" for "Project:X", namespace aliases included); a talk page is
        its own."""
        with _translated_errors():
            info = self.site.api("query", http_method="GET", titles=title)
            data = next(iter(info["query"]["pages"].values()))
            if "invalid" in data or int(data["ns"]) < 0:
                raise WikiError("invalidtitle", f"no talk page for {title}")
            namespace, name = int(data["ns"]), str(data["title"])
        if namespace % 2:
            return name
        subject = name.split(":", 1)[1] if namespace else name
        return f"{self.site.namespaces[namespace + 1]}:{subject}"

    def read_talk_page(self, title: str, *, missing_ok: bool = False) -> Page:
        """The talk page of ``title`` (see :meth:`read_page`)."""
        return self.read_page(self.talk_title(title), missing_ok=missing_ok)

    def write_page(
        self,
        title: str,
        text: str,
        *,
        summary: str,
        baserevid: int | None,
        section: str = "",
        started: dt.datetime | None = None,
    ) -> int:
        """Write ``text`` over ``title`` (or its ``section``); the new revision's id.

        ``baserevid`` is the revision ``text`` was written against: if another account
        saved the page since, the wiki answers ``editconflict`` (raised as
        :class:`WikiConflict`) unless it can merge the two edits itself. With
        ``baserevid=None`` the page is only created, and a page someone created first
        is a conflict too. ``started`` (when the caller read the page) lets the wiki
        notice a deletion in between. Saving the text the page already has changes
        nothing and returns the current revision.
        """
        params: dict[str, Any] = {
            "title": title,
            "text": text,
            "summary": summary,
            "assert": "user",
        }
        if started is not None:
            params["starttimestamp"] = started.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if section:
            params["section"] = section
        if baserevid is not None:
            params["baserevid"] = baserevid
            params["nocreate"] = 1
        else:
            params["createonly"] = 1
        with _translated_errors():
            params["token"] = self.site.get_token("csrf")
            result = self.site.api("edit", **params)
            data = result["edit"]
            if data.get("result") != "Success":
                raise WikiError("edit_failed", str(data))
            if "nochange" in data:
                return int(baserevid or data.get("oldrevid") or 0)
            return int(data["newrevid"])


def connect(config: WikiConfig, credentials: Credentials | None = None) -> WikiSession:
    """A session on the wiki, signed in with ``credentials`` (anonymous with None).

    A bearer token is sent with every request and checked at once (the wiki must say
    who we are); a bot password logs in. Raises :class:`WikiAuthFailed` when the wiki
    does not accept them, :class:`WikiUnavailable` when it cannot be reached.
    """
    bearer = credentials.token if isinstance(credentials, BearerToken) else None
    with _translated_errors():
        site = mwclient.Site(
            config.host,
            path=config.path,
            scheme=config.scheme,
            clients_useragent=config.user_agent,
            custom_headers={"Authorization": f"Bearer {bearer}"} if bearer else None,
            max_retries=config.max_retries,
            retry_timeout=config.retry_timeout,
            connection_options={"timeout": config.timeout},
        )
        if isinstance(credentials, BotPassword):
            site.login(credentials.user, credentials.password)
        if bearer and not site.logged_in:
            raise WikiAuthFailed("auth", "the wiki did not accept the token")
    return WikiSession(site, config)
