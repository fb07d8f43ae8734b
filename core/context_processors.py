"""Values every template needs: the site's name, footer disclaimer and language links."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from .models import SiteSettings


def hub(request: HttpRequest) -> dict[str, Any]:
    current = get_language()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
        )
    return {
        "hub_name": settings.HUB_NAME,
        "hub_settings": SiteSettings.load(),
        "hub_languages": languages,
        "hub_debug": settings.DEBUG,
    }
