"""A real MediaWiki for the tests: Debian's `mediawiki` package on SQLite, served by `php -S`.

Loaded by `pytest_plugins` in tests/conftest.py. The session-scoped `mediawiki` fixture
makes a tree of symbolic links to the installed MediaWiki (``MEDIAWIKI_PATH``, default
/usr/share/mediawiki, which is read-only) with its own LocalSettings.php, runs
`maintenance/install.php` on SQLite in a temporary folder, creates two accounts with bot
passwords (ConveneBot, and Other for the edits made "in between"), and serves it on
127.0.0.1 with PHP's built-in server. About five seconds, once per test session.

Where MediaWiki (or php with pdo_sqlite) is missing, the tests that use it are skipped
and the summary ends with one loud line saying so; under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from convene.wiki.client import BotPassword, WikiConfig

DEFAULT_PATH = "/usr/share/mediawiki"
HINT = (
    "wiki tests ran against the fake only: install mediawiki (apt-get install mediawiki "
    "php-cli php-sqlite3) or set MEDIAWIKI_PATH to run them against a real MediaWiki"
)
# Entries of the MediaWiki tree that each test wiki has of its own.
_OWN = {"LocalSettings.php", "images", "cache"}
_APP_ID = "convene"
_missing: list[str] = []


@dataclass(frozen=True)
class RealWiki:
    """A running MediaWiki: its address, its accounts and its folder."""

    host: str  # "127.0.0.1:<port>"
    root: Path
    bot: BotPassword  # ConveneBot@convene
    other: BotPassword  # Other@convene, a second account (MediaWiki does not report a
    # conflict with one's own edit in between)

    def config(self) -> WikiConfig:
        return WikiConfig(
            host=self.host, path="/", scheme="http", max_retries=0, retry_timeout=0, timeout=30
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}/"


def _why_missing(path: Path) -> str | None:
    if not (path / "maintenance" / "install.php").is_file():
        return f"no MediaWiki at {path}"
    php = shutil.which("php")
    if php is None:
        return "php is not installed"
    check = subprocess.run(
        [php, "-r", "exit(extension_loaded('pdo_sqlite') ? 0 : 1);"], check=False
    )
    if check.returncode != 0:
        return "php has no pdo_sqlite (php-sqlite3)"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _php(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "MW_INSTALL_PATH": str(root),
        "MW_CONFIG_FILE": str(root / "LocalSettings.php"),
    }
    done = subprocess.run(
        ["php", *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"php {' '.join(args[:1])} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _tree(source: Path, root: Path) -> None:
    root.mkdir()
    for entry in source.iterdir():
        if entry.name not in _OWN:
            (root / entry.name).symlink_to(entry)
    for name in ("images", "cache"):
        (root / name).mkdir()


def _account(root: Path, name: str) -> BotPassword:
    _php(root, "maintenance/createAndPromote.php", "--bot", name, secrets.token_urlsafe(24))
    password = secrets.token_hex(16)  # createBotPassword wants exactly 32 characters
    _php(
        root,
        "maintenance/createBotPassword.php",
        "--appid",
        _APP_ID,
        "--grants",
        "basic,editpage,createeditmovepage,highvolume",
        name,
        password,
    )
    return BotPassword(f"{name}@{_APP_ID}", password)


def _wait(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"php -S stopped:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 (http://127.0.0.1)
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"MediaWiki did not answer at {url}")


@pytest.fixture(scope="session")
def mediawiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealWiki]:
    """A MediaWiki installed and served for this test session (see the module)."""
    source = Path(os.environ.get("MEDIAWIKI_PATH") or DEFAULT_PATH)
    why = _why_missing(source)
    if why is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}: CI must test against a real MediaWiki ({HINT})")
        _missing.append(why)
        pytest.skip(f"{why}; {HINT}")
    base = tmp_path_factory.mktemp("mediawiki")
    root, data = base / "w", base / "data"
    _tree(source, root)
    data.mkdir()
    port = _free_port()
    _php(
        root,
        "maintenance/install.php",
        "--dbtype=sqlite",
        f"--dbpath={data}",
        "--dbname=wiki",
        f"--server=http://127.0.0.1:{port}",
        "--scriptpath=",
        "--lang=en",
        f"--pass={secrets.token_urlsafe(24)}",
        f"--confpath={root}",
        "Convene Test Wiki",
        "Admin",
    )
    with (root / "LocalSettings.php").open("a", encoding="utf-8") as settings:
        # Jobs would run at the end of web requests and slow them; errors in full.
        settings.write("\n$wgJobRunRate = 0;\n$wgShowExceptionDetails = true;\n")
    wiki = RealWiki(
        host=f"127.0.0.1:{port}",
        root=root,
        bot=_account(root, "ConveneBot"),
        other=_account(root, "Other"),
    )
    log = base / "server.log"
    env = {
        **os.environ,
        "MW_INSTALL_PATH": str(root),
        "MW_CONFIG_FILE": str(root / "LocalSettings.php"),
    }
    with log.open("wb") as out:
        server = subprocess.Popen(
            ["php", "-S", wiki.host, "-t", str(root)],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait(f"{wiki.url}api.php?action=query&meta=siteinfo&format=json", server, log)
        yield wiki
    finally:
        server.terminate()
        server.wait(timeout=10)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _missing:
        terminalreporter.write_line(f"{HINT} ({_missing[0]})", red=True, bold=True)
