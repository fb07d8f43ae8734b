"""A notice where editorial text is shown in another language than the reader's.

Editorial fields (calls, featured pages, events, spaces) are translated by hand with
modeltranslation; a field left empty in the reader's language shows the text of a fallback
language (``MODELTRANSLATION_FALLBACK_LANGUAGES``). Say so, next to that text::

    {% load fallback %}
    {% translation_fallback call %}                    {# any translated field of the call #}
    {% translation_fallback page "title" "body" %}     {# only these fields #}

The notice names the reader's language and the language shown, each in the reader's language.
"""

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

register = template.Library()


def translated_fields(obj: Any) -> tuple[str, ...]:
    try:
        return tuple(translator.get_options_for_model(type(obj)).all_fields)
    except NotRegistered:
        return ()


def shown_language(obj: Any, field: str, language: str) -> str | None:
    """The language the field is shown in when read in ``language``: None when it is the
    reader's own, or when the field is empty in every language."""
    if getattr(obj, build_localized_fieldname(field, language), None):
        return None
    for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        if code != language and getattr(obj, build_localized_fieldname(field, code), None):
            return str(code)
    return None


@register.inclusion_tag("components/translation_fallback.html")
def translation_fallback(obj: Any, *fields: str) -> dict[str, Any]:
    language = get_language() or settings.LANGUAGE_CODE
    shown = None
    for field in fields or translated_fields(obj):
        shown = shown_language(obj, field, language)
        if shown:
            break
    if not shown:
        return {"shown": None}
    return {
        "shown": shown,
        "reader_name": get_language_info(language)["name_translated"],
        "shown_name": get_language_info(shown)["name_translated"],
    }


@register.simple_tag
def fallback_lang(obj: Any, field: str) -> str:
    """``lang="…"`` for an element holding a field shown in a fallback language (so screen
    readers pronounce it in that language), else nothing: ``<h1{% fallback_lang call "title" %}>``."""
    shown = shown_language(obj, field, get_language() or settings.LANGUAGE_CODE)
    return format_html(' lang="{}"', shown) if shown else ""
