"""Settings, read from the environment with safe defaults (see README "Configuration")."""

from pathlib import Path
from urllib.parse import urlsplit

import environ

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(environ.Env().str("CONVENE_VAR_DIR", default=str(PROJECT_DIR / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "[::1]"]),
)

DEBUG: bool = env("DEBUG")
# The embedded default key is only good for development; production must set SECRET_KEY
# (check --deploy warns about a short or "django-insecure-" key).
SECRET_KEY: str = env(
    "SECRET_KEY", default="django-insecure-convene-development-key-do-not-use-in-production"
)
ALLOWED_HOSTS: list[str] = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# This site's public address, for links in e-mails and in what is written on the wiki.
SITE_URL: str = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Ours first, so that our templates override third-party ones (allauth's layouts).
    "convene.core",
    "convene.people",
    "convene.directory",
    "convene.events",
    "convene.qa",
    "convene.notes",
    "convene.consultations",
    "convene.programmes",
    "convene.api",
    "convene.live",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.mediawiki",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "template_partials",
]

# GZip: pages are compressed (a board page shrinks to about a fifth). BREACH is weighed:
# Django masks the CSRF token differently on every response and, since 4.2, pads
# compressed responses with random bytes ("Heal the Breach"); the live stream is served
# by convene.live, outside this stack, so it is never buffered by compression.
MIDDLEWARE = [
    # First: whatever the layers below answer under /api/ as Django's HTML error page
    # (unknown path, method, oversized body, host, crash) becomes the API's JSON error.
    "convene.api.middleware.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "convene.core.middleware.ReaderLanguageMiddleware",
    "convene.core.middleware.ReaderTimezoneMiddleware",
    "convene.core.middleware.RefusalMiddleware",
]

ROOT_URLCONF = "convene.urls"
WSGI_APPLICATION = "convene.wsgi.application"
ASGI_APPLICATION = "convene.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "convene.core.context_processors.reader",
                "convene.core.context_processors.languages",
                "convene.people.context_processors.notices",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "convene.core.templatetags.convene_tags",
            ],
        },
    }
]

# Database: an embedded SQLite file by default, PostgreSQL when DATABASE_URL says so.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'convene.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids "database is locked"
    # errors when two processes upgrade a read transaction to a write at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL: str = env("REDIS_URL", default="")

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Without a shared cache, the cache generations (core/generations.py) are small files here,
# so that every server process sees a change at once.
GENERATIONS_DIR = None if REDIS_URL else VAR_DIR / "generations"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# allauth's backend (username or e-mail), refusing blocked people at login and on every
# request of a session opened before the block (see people/backends.py).
AUTHENTICATION_BACKENDS = ["convene.people.backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "people:profile"
LOGOUT_REDIRECT_URL = "core:home"

# Accounts (django-allauth): a username and an e-mail address, login with either.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "convene.people.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "convene.people.adapters.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = True  # publishing notes as the person needs their token
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# Many Wikimedia accounts have no confirmed e-mail: signing up with one needs none.
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_LOGIN_ON_GET = False

# Log in with a Wikimedia account, switched on when the OAuth 2 consumer is configured.
WIKIMEDIA_OAUTH_KEY: str = env("WIKIMEDIA_OAUTH_KEY", default="")
WIKIMEDIA_OAUTH_SECRET: str = env("WIKIMEDIA_OAUTH_SECRET", default="")
WIKIMEDIA_REST_API: str = env("WIKIMEDIA_REST_API", default="https://meta.wikimedia.org/w/rest.php")
# Where "Log in with Wikimedia" sends the browser (the wiki's consent page): the
# Content-Security-Policy's form-action must allow it, since a form post leads there.
WIKIMEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(WIKIMEDIA_REST_API))
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {
    "mediawiki": {
        "REST_API": WIKIMEDIA_REST_API,
        "USERPAGE_TEMPLATE": "https://meta.wikimedia.org/wiki/User:{username}",
        **(
            {
                "APPS": [
                    {
                        "client_id": WIKIMEDIA_OAUTH_KEY,
                        "secret": WIKIMEDIA_OAUTH_SECRET,
                    }
                ]
            }
            if WIKIMEDIA_OAUTH_KEY and WIKIMEDIA_OAUTH_SECRET
            else {}
        ),
    }
}

# E-mail: printed to the console unless EMAIL_URL names an SMTP server.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL: str = env("DEFAULT_FROM_EMAIL", default="Convene <convene@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Time and language: UTC in storage, the reader's zone and language on screen.
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
# The interface languages. Each has a catalog in locale/ that a test holds complete
# (every message translated, none fuzzy, the same placeholders as the source) — except
# those named in LANGUAGES_IN_PROGRESS: a catalog being translated, kept out of the
# picker until it is at least LANGUAGE_OFFER_MIN complete (docs/translation.md).
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pt-br", "Português (Brasil)"),
    ("ar", "العربية"),
    ("zh-hans", "简体中文"),
    ("ja", "日本語"),
]
LANGUAGES_IN_PROGRESS: list[str] = []
LANGUAGE_OFFER_MIN = 0.95
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "convene_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIMEZONE_COOKIE_NAME = "convene_tz"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Files only some people may read (grant receipts): never under STATIC_ROOT or MEDIA_ROOT,
# never served by WhiteNoise; a view checks permission and streams each file.
PRIVATE_FILES_DIR = Path(env.str("PRIVATE_FILES_DIR", default=str(VAR_DIR / "private")))
RECEIPT_MAX_BYTES = env.int("RECEIPT_MAX_MB", default=10) * 1024 * 1024
# The largest file the API takes in a multipart body (on top of DATA_UPLOAD_MAX_MEMORY_SIZE).
API_FILE_MAX_BYTES = RECEIPT_MAX_BYTES

# Content-Security-Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'", WIKIMEDIA_ORIGIN],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Security: strict unless DEBUG.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# INSECURE_HTTP=true is for a trusted machine served over plain HTTP (`make run` on
# 127.0.0.1): cookies without the Secure flag, no redirect to HTTPS, no HSTS.
INSECURE_HTTP: bool = env.bool("INSECURE_HTTP", default=False)
if not DEBUG and not INSECURE_HTTP:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a TLS-terminating reverse proxy, trust its X-Forwarded-Proto header.
    if env.bool("BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

NINJA_PAGINATION_PER_PAGE = 50

# --- events (issue 4): periodic sweeps run by `convene worker` -------------------------
# (dotted path of a callable or django-tasks Task, every N seconds); see core/periodic.py.
CONVENE_PERIODIC_TASKS = [
    ("convene.events.tasks.release_due_links", 60),
    ("convene.events.tasks.send_due_reminders", 60),
]
# --- end events ---------------------------------------------------------------------------

# --- live (convene.live: server-sent events) ------------------------------------------
# Brokers: with REDIS_URL, Redis Streams (many machines); otherwise LIVE_BROKER: `database`
# (default: the event log is a table, tailed once per process, so `convene serve` runs one
# process per core) or `memory` (one process only; the tests use it).
LIVE_BROKER: str = env("LIVE_BROKER", default="database")
LIVE_POLL_MS: int = env.int("LIVE_POLL_MS", default=50)  # SQLite: how often each process reads
LIVE_HISTORY: int = env.int("LIVE_HISTORY", default=500)  # events kept per channel, to resume
LIVE_QUEUE: int = env.int("LIVE_QUEUE", default=256)  # frames a slow viewer may lag: then reset
LIVE_HEARTBEAT_S: float = 15.0
# A viewer is woken at most once per this many ms (bursts share one write; 0: every event).
LIVE_COALESCE_MS: int = env.int("LIVE_COALESCE_MS", default=100)
LIVE_PUBLIC_CHANNELS: list[str] = [r"events/\d+"]  # every other channel needs a signed token
# POST /live/_bench/publish, from 127.0.0.1 only: for `make bench`, never in production.
LIVE_BENCH_ENDPOINT: bool = env.bool("CONVENE_LIVE_BENCH", default=False)
# --- end live ------------------------------------------------------------------------------


# --- wiki (convene.wiki: the MediaWiki client below the apps) ------------------------------
# The wiki that notes and announcements are published to: the movement's wiki by default,
# any MediaWiki by setting. Edits are made as the signed-in person (their Wikimedia OAuth
# token) or, when configured, as a bot account (a bot password: Special:BotPasswords).
# Each WIKI_* variable falls back to its older name, NOTES_WIKI_*.
def _wiki_env(name: str, default: str) -> str:
    return str(env(f"WIKI_{name}", default=env(f"NOTES_WIKI_{name}", default=default)))


WIKI_HOST: str = _wiki_env("HOST", "meta.wikimedia.org")
WIKI_PATH: str = _wiki_env("PATH", "/w/")
WIKI_SCHEME: str = _wiki_env("SCHEME", "https")
WIKI_BOT_USER: str = _wiki_env("BOT_USER", "")
WIKI_BOT_PASSWORD: str = _wiki_env("BOT_PASSWORD", "")
WIKI_MAX_RETRIES: int = int(_wiki_env("MAX_RETRIES", "2"))
WIKI_RETRY_TIMEOUT: int = int(_wiki_env("RETRY_TIMEOUT", "5"))  # s, grows per try
WIKI_TIMEOUT: float = float(_wiki_env("TIMEOUT", "30"))  # s per request
# --- end wiki --------------------------------------------------------------------------------

# --- notes (convene.notes: notes in and out, published to the wiki) ------------------------
CONVENE_PERIODIC_TASKS += [("convene.notes.tasks.sync_announcements", 60)]
# --- end notes -------------------------------------------------------------------------------

# --- programmes (convene.programmes: ambassadors and small grants) ---------------------------
CONVENE_PERIODIC_TASKS += [("convene.programmes.tasks.remind_reports", 3600)]
# --- end programmes ------------------------------------------------------------------------
