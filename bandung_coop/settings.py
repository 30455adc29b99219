"""Settings for the cooperation intranet, all driven by environment variables.

The defaults run a development copy on SQLite with no configuration at all;
production sets DATABASE_URL, SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS, and the
system checks in bandung_coop/checks.py refuse unsafe values.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# Marks the development key so the production check can recognise it.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-do-not-use-in-production"


TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value not in TRUE_WORDS + FALSE_WORDS:
        # A typo such as DEBUG=flase must not quietly mean "off" (or "on").
        spellings = ", ".join(TRUE_WORDS + FALSE_WORDS[:-1])
        raise ImproperlyConfigured(f"{name}={value!r}: use one of {spellings}.")
    return value in TRUE_WORDS


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


THROTTLE_PERIODS = ("second", "minute", "hour", "day")


def envrate(name: str, default: str) -> str:
    """A request rate as Django REST framework reads it: ``120/minute``."""
    value = os.environ.get(name, default).strip()
    number, _slash, period = value.partition("/")
    if not (number.isdigit() and int(number) > 0 and period in THROTTLE_PERIODS):
        # DRF would read "100/hours" as 100 a hour and "100/mins" as 100 a minute.
        periods = ", ".join(THROTTLE_PERIODS)
        raise ImproperlyConfigured(
            f"{name}={value!r}: give requests per period, e.g. 120/minute ({periods})."
        )
    return value


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = envbool("DEBUG", "1")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "bandung_coop.apps.CoopAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search, trigrams and their index expressions (the search box, on PostgreSQL).
    "django.contrib.postgres",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "simple_history",
    "axes",
    "pgtrigger",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "bandung_coop",
    "coop_lib",
    "accounts",
    "partnerships",
    "meetings",
    "figures",
]

MIDDLEWARE = [
    # First, so that every answer has a request id and a log line.
    "coop_lib.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.preferences.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After the view: the changes it wrote, under the bell of those concerned.
    "bandung_coop.notifications.middleware.ChangeNotificationsMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bandung_coop.urls"
WSGI_APPLICATION = "bandung_coop.wsgi.application"

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
                "django.template.context_processors.i18n",
                "bandung_coop.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
# A second connection to the same database: a job that writes in one
# transaction reports its progress through it, so the progress page sees it
# before the transaction commits (coop_lib.jobs). Tests share the first one.
DATABASES["job_progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (coop_lib.jobs): queued in the database, run by
# `manage.py db_worker` on this or other machines; no broker to run.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# An export of more rows than this runs as a job with a progress page;
# smaller ones stream straight from the request.
EXPORT_IN_REQUEST_MAX_ROWS = envint("EXPORT_IN_REQUEST_MAX_ROWS", "5000")
# Finished jobs and their files are deleted after this many days
# (manage.py clear_old_jobs).
JOB_KEEP_DAYS = envint("JOB_KEEP_DAYS", "7")
# Notifications read this many days ago are deleted by clear_old_notifications.
NOTIFICATION_KEEP_DAYS = envint("NOTIFICATION_KEEP_DAYS", "30")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.auth_backends.RoleAwareBackend",
]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["bandung_coop.formats"]
# A filter left empty reads "All" on the lists, as the admin's filters do.
FILTERS_EMPTY_CHOICE_LABEL = _("All")
TIME_ZONE = "Asia/Jakarta"
# Covering indexes (INCLUDE) serve PostgreSQL, production's database; SQLite
# builds the same indexes without their extra columns, which is all W040 says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from the npm registry (package-lock.json), never a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
# The files jobs write and read (exports, uploaded imports), served only to
# the job's owner through coop_lib.job_views; with workers on several
# machines, a directory they all share.
JOB_FILES_ROOT = Path(os.environ.get("JOB_FILES_ROOT", BASE_DIR / "job-files"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "jobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": JOB_FILES_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded documents and attachments: at most this size; served only
# through bandung_coop.media to users who may see the record.
MAX_UPLOAD_MEGABYTES = envint("MAX_UPLOAD_MEGABYTES", "20")
# A sheet to import: a hundred thousand meetings are about 25 MB as CSV.
IMPORT_MAX_MEGABYTES = envint("IMPORT_MAX_MEGABYTES", "50")
FILE_UPLOAD_PERMISSIONS = 0o640
# Where manage.py backup writes its archives; copy them off this server (README, "Backup and restore").
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Logs: one JSON object a line in production (coop_lib/logs.py), or plain
# lines to read in a terminal while developing; neither holds query strings,
# form data, names or e-mail addresses.
LOG_FORMATS = ("json", "text")
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in LOG_FORMATS:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use one of {', '.join(LOG_FORMATS)}.")
LOGGING_CONFIG = "coop_lib.logs.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "coop_lib.logs.JsonFormatter"},
        "text": {"()": "coop_lib.logs.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")},
        # Django's messages go through the root's handler only, in its format
        # (Django's own handlers would print them a second time, as plain text).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # runserver's request line carries the query string; the request
        # line of coop_lib.logs replaces it.
        "django.server": {"handlers": ["null"], "propagate": False},
        # SQL with its parameters (people's names among them) stays out even at LOG_LEVEL=DEBUG.
        "django.db.backends": {"level": "INFO"},
    },
}

# Django 6.0's default, adopted now: bare domains in URL fields mean https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Login protection: five failures for one user name from one address lock
# that pair out for 30 minutes. Behind a reverse proxy, set TRUSTED_PROXY_COUNT
# to the number of proxies so the client address is read from X-Forwarded-For.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# The read API under /api/v1/ (bandung_coop/api): JSON only, personal
# tokens or the session, the row rules of the pages, a cursor per list.
# Each user (a token's or the session's) may make API_THROTTLE_RATE requests,
# and each address API_OPEN_DATA_THROTTLE_RATE to the open data. The counts
# live in Django's cache, the default local-memory cache here: each server
# process counts on its own.
API_THROTTLE_RATE = envrate("API_THROTTLE_RATE", "1000/hour")
API_OPEN_DATA_THROTTLE_RATE = envrate("API_OPEN_DATA_THROTTLE_RATE", "60/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "bandung_coop.api.access.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["bandung_coop.api.access.HasRole"],
    "DEFAULT_THROTTLE_CLASSES": ["bandung_coop.api.access.UserThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "bandung_coop.api.pagination.KeysetCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The client's address for the open data's limit, as for the login lockout.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kerja Sama Luar Negeri Kota Bandung API",
    "DESCRIPTION": (
        "Read-only JSON of the City of Bandung's international cooperation register. "
        "Send a personal token (made on the profile page) as `Authorization: Bearer <token>`. "
        "Lists are paginated by cursor: follow `next`. `/api/v1/open-data/` needs no token."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["bandung_coop.api.access.HasRole"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"StageEnum": "partnerships.models.Stage"},
    # Swagger UI's files from the drf-spectacular-sidecar package, served
    # from here: the intranet may have no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Content-Security-Policy: only this server's own files; no inline script or
# style anywhere, so templates use static files and json_script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production hardening: on whenever DEBUG is off. Behind a TLS-terminating
# proxy, the proxy sets X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    # A load balancer probes /healthz over plain HTTP; the page holds no data.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# E-mail, for the daily reminder digests (manage.py send_reminders). The
# console backend prints them, so a development copy never sends mail.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kerjasama@localhost")
# The address people open: links in e-mails and calendar feeds are built on it,
# because a command run by cron has no request to take the host from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
