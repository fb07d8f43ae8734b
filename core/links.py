"""Absolute links for places with no request, such as e-mails sent by background tasks."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the site's public address (HUB_BASE_URL)."""
    return settings.HUB_BASE_URL.rstrip("/") + path
