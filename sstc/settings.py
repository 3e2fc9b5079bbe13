"""Settings for the SSTC knowledge base, read from the environment.

One module for every environment. Development needs nothing set: DEBUG is on and
the database is an SQLite file in the project. Production sets DEBUG=0 (the
default), SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), not {value!r}.")


def env_seconds(name, default):
    """A number of seconds from the environment; 0 turns the limit off."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if seconds < 0:
        raise ImproperlyConfigured(f"{name} must be a number of seconds (0 or more), not {value!r}.")
    return seconds


def env_int(name, default, minimum=0):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number, {minimum} or more, not {value!r}.")
    return number


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment, or DEBUG=1 for development.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

# The site's public origin (scheme and host, e.g. https://sstc.example.org): every absolute address
# the site writes (canonical links, JSON-LD, citations, the feed, the sitemap, robots.txt, exports)
# starts with it, never with the request's Host header, which a client chooses. Without it, the
# first of ALLOWED_HOSTS over https (http in development) stands in.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if not SITE_URL:
    host = next((name.lstrip(".") for name in ALLOWED_HOSTS if name not in {"*", ""}), "localhost")
    SITE_URL = f"{'http' if DEBUG else 'https'}://{host}"
if not SITE_URL.startswith(("http://", "https://")) or "/" in SITE_URL.split("://", 1)[1]:
    raise ImproperlyConfigured(f"SITE_URL must be an origin such as https://sstc.example.org, not {SITE_URL!r}.")

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: its fields for each language (translation.py).
    "modeltranslation",
    # The admin, whose default site asks staff for a second factor (sstc/admin.py).
    "sstc.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "guide",
    "casestudies",
    # The project as an app: load_guide, which loads every app's content.
    "sstc.apps.SiteConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers for every response, static files included: CSP, CORP, and noindex for the admin.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "sstc.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of a page comes from its address: /fr/, /es/, /pt/, or none for English.
    "sstc.middleware.AddressLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who made a change, for the history of every entry (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sstc.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sstc.origin.site_url",
            ],
        },
    },
]

WSGI_APPLICATION = "sstc.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores select_for_update(): a transaction that will write takes the write lock when it
    # begins, so that of two curators saving at the same instant one waits for the other instead of
    # failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
else:
    # Time limits, so that a stalled database server costs a reader seconds and a 503, never a hung
    # worker (docs/deploy.md): connecting, each statement on the server, and each wait for an answer
    # on this side (sstc/database.py; the server's own limit cannot help when it does not answer).
    DATABASE_CONNECT_TIMEOUT = env_seconds("DATABASE_CONNECT_TIMEOUT", 5)
    DATABASE_STATEMENT_TIMEOUT = env_seconds("DATABASE_STATEMENT_TIMEOUT", 15)
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if DATABASE_CONNECT_TIMEOUT:
        # libpq counts whole seconds, and at least 2.
        options["connect_timeout"] = max(2, round(DATABASE_CONNECT_TIMEOUT))
    if DATABASE_STATEMENT_TIMEOUT:
        options["options"] = f"-c statement_timeout={round(DATABASE_STATEMENT_TIMEOUT * 1000)}"
    # A little longer than the server's own limit, so that a slow statement ends with its error.
    DATABASE_ANSWER_TIMEOUT = env_seconds(
        "DATABASE_ANSWER_TIMEOUT", DATABASE_STATEMENT_TIMEOUT + 2 if DATABASE_STATEMENT_TIMEOUT else 0
    )
    from sstc import database

    database.install(connect=DATABASE_CONNECT_TIMEOUT, answer=DATABASE_ANSWER_TIMEOUT)

# The catalogue's costly counts are cached under its version (core/caching.py): in each
# process's memory, or in a Redis server that every app server shares, e.g. redis://127.0.0.1:6379/1.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # A Redis server that is down or stalled costs at most these seconds, once (no retries): the
    # site then computes what it would have read (core/caching.py).
    CACHE_TIMEOUT_SECONDS = env_seconds("CACHE_TIMEOUT", 1) or None
    CACHES = {
        "default": {
            "BACKEND": "sstc.cache.RedisCache",  # Django's, keeping its clients (sstc/cache.py)
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
                "retry": Retry(NoBackoff(), 0),
            },
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis://, rediss:// or unix:// address, not {CACHE_URL!r}.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages are kept whole for anonymous readers, per version of the catalogue, in that cache
# (core/caching.py): 0 renders every page anew, e.g. to see what rendering costs.
KEEP_PUBLIC_PAGES = env_bool("KEEP_PUBLIC_PAGES", True)

# Exports of the catalogue running at once (casestudies/exports.py): a client asking for more, or
# anyone once the site runs this many, is told 429 with Retry-After, so that exports never take
# every worker thread from the pages and the health check.
EXPORT_CONCURRENCY = env_int("EXPORT_CONCURRENCY", 3, minimum=1)
EXPORT_CONCURRENCY_PER_CLIENT = env_int("EXPORT_CONCURRENCY_PER_CLIENT", 2, minimum=1)
# Where the whole catalogue's export files are kept, one per format and version of the catalogue.
EXPORT_FILE_DIR = os.environ.get("EXPORT_FILE_DIR") or os.path.join(tempfile.gettempdir(), "sstc-exports")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Signing in to the admin. django-axes throttles guessing without letting anyone lock a curator
# out for good: five failures for one username from one address, then a 15-minute pause, and a
# successful sign-in clears the count. AxesBackend must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A failure during the pause does not restart it, so the pause always ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Behind proxies, the address the outermost of ours saw (sstc/login.py), not a proxy's own: the
# number of proxies of our own in front of gunicorn, each appending to X-Forwarded-For (1 for the
# TLS proxy of docs/deploy.md, 2 with a CDN in front of it; 0 when gunicorn faces the clients).
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 1 if env_bool("BEHIND_PROXY", False) else 0)
AXES_CLIENT_IP_CALLABLE = "sstc.login.client_ip_address"
# A foreign or missing "next" after signing in leads to the admin's index, not to a 404.
LOGIN_REDIRECT_URL = "admin:index"

# Staff sessions end after 30 minutes without a request; every request extends them.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True

# Staff confirm their sign-in with a code from an authenticator app (django-otp, TOTP), in
# production; development signs in with a password alone unless ADMIN_REQUIRE_2FA=1.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "SSTC knowledge base"

# Spreadsheet import and export in the admin (casestudies/admin/resources.py; its CSV and XLSX formats,
# which keep every cell as text, are set on the admin in casestudies/admin/spreadsheets.py).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
# Curators may add and change but not delete: importing needs "add" (and "change", checked by
# the admin), exporting needs "view".
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# The bounds of an import, checked before a file is parsed (docs/spreadsheet-import.md): the upload's
# size, an XLSX's unpacked size and number of members (read from its zip directory, before openpyxl
# opens it), the rows read (reading stops at one more than the limit; blank rows do not count), the
# length of a cell, and of a message that quotes one.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", 50 * 1024 * 1024))
IMPORT_MAX_XLSX_MEMBERS = int(os.environ.get("IMPORT_MAX_XLSX_MEMBERS", 100))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 500))
IMPORT_MAX_CELL_CHARS = int(os.environ.get("IMPORT_MAX_CELL_CHARS", 20_000))
IMPORT_MAX_QUOTED_CHARS = int(os.environ.get("IMPORT_MAX_QUOTED_CHARS", 80))
# Files between an import's preview and its confirmation (casestudies/admin/spreadsheets.ImportFiles).
IMPORT_TMP_DIR = os.environ.get("IMPORT_TMP_DIR", "")

LANGUAGE_CODE = "en"
# The site's languages. English is the guide's and the default: its addresses carry no prefix
# (sstc/urls.py); a page in another language shows what is not yet translated in English, and says so.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# django-modeltranslation: a translated field (name_fr, ...) left empty shows the English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind TLS in production; development runs on plain http://127.0.0.1:8000.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 63_072_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles come only from the site's own files: no inline script, style element or
# style attribute runs, in the public pages or the admin (tests/test_content_security_policy.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# Sent with every response by sstc/middleware.py: other sites may not load our pages or files.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Cookies: sent over HTTPS only, out of reach of scripts, not sent with other sites' requests. In
# production their names carry the __Host- prefix, so that a browser accepts them only from this
# host over HTTPS (never from a subdomain); development on plain http keeps Django's names.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes tells of every sign-in at INFO; lockouts and repeated failures are warnings.
    "loggers": {"axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")}},
}
