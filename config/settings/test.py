"""Settings for the test suite: real database (SQLite file or DATABASE_URL), fast hashing."""

import secrets

from .base import *
from .base import VAR_DIR

DEBUG = False
HUB_DEMO = False
SECRET_KEY = secrets.token_urlsafe(50)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUB_EMAIL_TRANSPORT = EMAIL_BACKEND  # what the outbox hands its messages to (core/mail.py)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_USE_CACHE = "default"  # emptied between tests (conftest.py)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "core.files.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "test-private")},
    },
}

if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # The embedded default has one process and no Redis: rate limits counted in it are enough,
    # so django-ratelimit's warnings about a per-process cache are silenced here only.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
