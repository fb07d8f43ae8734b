"""System checks of the Hub's own settings."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register

from .links import public_host_url


@register(deploy=True)
def base_url_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """E-mails sent by the task worker have no request to take the site's address from."""
    if (settings.HUB_BASE_URL or "").strip() or public_host_url():
        return []
    return [
        Warning(
            "Neither HUB_BASE_URL nor a named host in ALLOWED_HOSTS is set: links in e-mails "
            "sent by the task worker would point to http://127.0.0.1:8000.",
            hint="Set HUB_BASE_URL to the site's public address, e.g. https://hub.example.org.",
            id="core.W001",
        )
    ]
