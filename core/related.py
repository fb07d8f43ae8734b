"""Links from an object's page to the things of higher apps that point at it.

A page of a lower app (a practice's) cannot import the apps above it (discussions, events). Those
apps register a provider here in their ``AppConfig.ready``; the page asks with the template tag
``{% related_sections obj %}`` (core/templatetags/related.py), which lists each provider's
links under its heading. Nothing is shown when no provider has anything.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: A provider gives (title, URL) pairs for an object, only those the reader may see.
Provider = Callable[[Any, Any], list[tuple[str, str]]]


@dataclass(frozen=True)
class Section:
    heading: Any  # a lazy translated string
    links: list[tuple[str, str]]


_providers: dict[str, list[tuple[Any, Provider]]] = {}


def register_related(model_label: str, heading: Any, provider: Provider) -> None:
    """Let ``provider(obj, user)`` list links on the pages of ``model_label`` objects."""
    entries = _providers.setdefault(model_label.lower(), [])
    if all(existing is not provider for _heading, existing in entries):
        entries.append((heading, provider))


def related_sections(obj: Any, user: Any) -> list[Section]:
    """The non-empty sections of links for ``obj``'s page."""
    sections = []
    for heading, provider in _providers.get(obj._meta.label_lower, []):
        links = provider(obj, user)
        if links:
            sections.append(Section(heading=heading, links=links))
    return sections
