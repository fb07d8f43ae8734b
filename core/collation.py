"""Sorting and matching names the way a reader of the active language expects.

Python sorts by code point, which puts "Åland Islands" after "Zimbabwe" and "Côte d'Ivoire"
after "Czechia". Here letters are compared first without their accents, case, spaces or
punctuation (so "Égypte" sits with "Egypt"), then accents and case break ties, with the few
tailorings our interface languages need (Spanish "ñ" is a letter of its own, after "n").
"""

import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from django.utils.translation import get_language

T = TypeVar("T")

# Letters a language sorts as letters of their own: letter -> (base letter, rank after it).
TAILORINGS: dict[str, dict[str, str]] = {"es": {"ñ": "n\U0010ffff"}}
_AFTER_BASE = "\U0010ffff"


def fold(text: str, language: str | None = None) -> str:
    """``text`` reduced to what decides the order: letters and digits, without case or
    accents, with the language's own letters kept apart."""
    text = unicodedata.normalize("NFC", text.casefold())
    for letter, replacement in TAILORINGS.get(_base(language), {}).items():
        text = text.replace(letter, replacement)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() or c == _AFTER_BASE)


def sort_key(text: str, language: str | None = None) -> tuple[str, str, str]:
    """A key for ``sorted``: folded letters first, then accents and case, then the text."""
    return (fold(text, language), unicodedata.normalize("NFKD", text.casefold()), text)


def sorted_by_name(
    items: Iterable[tuple[str, T]], language: str | None = None
) -> list[tuple[str, T]]:
    """``(key, name)`` pairs sorted by name in ``language`` (the active one by default)."""
    language = language or get_language()
    return sorted(items, key=lambda item: sort_key(str(item[1]), language))


def _base(language: str | None) -> str:
    return (language or get_language() or "en").split("-")[0].lower()
