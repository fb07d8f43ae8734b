"""Settings of the web processes the fault tests start: the production settings (PostgreSQL,
Redis, connection timeouts, persistent connections checked before reuse), served over plain
HTTP on loopback. Only what a loopback test cannot have is changed: no HTTPS redirect (set by
the environment), static files without a manifest (no collectstatic run), no encoder warm-up."""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
HUB_ENCODER_WARM_UP = False
