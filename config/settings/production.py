"""Production settings: everything from the environment, secure by default.

Refuses to start without SECRET_KEY or REDIS_URL, and silences no system check: `manage.py
check --deploy` must pass as it is. Deploy notes: docs/deployment.md.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import REDIS_URL, env

DEBUG = False
HUB_DEMO = False

SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters in production."
    )

if not REDIS_URL:
    # Sessions, the sign-in lockout and every rate limit must be shared by all web processes:
    # counted per process, each worker would allow its own quota of password guesses.
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (e.g. redis://127.0.0.1:6379/0): sessions, the "
        "sign-in lockout and rate limits are kept in this shared cache."
    )
SILENCED_SYSTEM_CHECKS = []

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# One JSON object per log line for the log collector (text with LOG_FORMAT=text).
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # type: ignore[index]
