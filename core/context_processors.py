"""Values every template needs: the site's name, footer disclaimer and language links."""

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

from .models import SiteSettings

# How each language names itself in the switcher, where Django's name differs from the one the
# UN uses for it (Django says "العربيّة" and "简体中文").
OWN_NAMES = {"ar": "العربية", "zh-hans": "中文"}


def same_page_in(request: HttpRequest, code: str) -> str:
    """This page's URL in another language: the view the request already resolved to,
    reversed under ``code`` (``translate_url`` would resolve the path again, per language)."""
    match = request.resolver_match
    if match is None:  # no view matched (a 404 page): resolve what can be
        return translate_url(request.get_full_path(), code)
    try:
        with override(code):
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return translate_url(request.get_full_path(), code)
    query = urlsplit(request.get_full_path()).query
    return urlunsplit(("", "", path, query, ""))


def hub(request: HttpRequest) -> dict[str, Any]:
    current = get_language()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": OWN_NAMES.get(code, info["name_local"]),
                "bidi": info["bidi"],
                "url": same_page_in(request, code),
                "current": code == current,
            }
        )
    return {
        "hub_name": settings.HUB_NAME,
        "hub_settings": SiteSettings.load(),
        "hub_languages": languages,
        "hub_debug": settings.DEBUG,
    }
