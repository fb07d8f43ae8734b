"""Developer settings: the embedded default served by ``make run``."""

import secrets

from .base import *
from .base import REDIS_URL, SECRET_KEY, VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
HUB_DEMO = env.bool("HUB_DEMO", default=True)

if not SECRET_KEY:
    # A random key kept under var/ so sessions survive restarts; never committed.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _key_file = VAR_DIR / "secret_key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()

INTERNAL_IPS = ["127.0.0.1"]

if not REDIS_URL:
    # The embedded default has no Redis: rate limits are counted in files shared by its
    # processes (base.py), which django-ratelimit does not support officially; its warnings are
    # silenced here only, never in production.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
