"""What each app contributes to the index, declared in the app's own ``search.py``.

An app that wants its items searchable defines ``SEARCH_CONTRIBUTIONS``, a list of
:class:`Contribution`, in ``<app>/search.py``. The search app discovers them through the app
registry, so it never imports a content app by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils.module_loading import module_has_submodule

HOOK_MODULE = "search"
HOOK_NAME = "SEARCH_CONTRIBUTIONS"


@dataclass(frozen=True)
class DocumentText:
    """The text of one item as the index stores it."""

    language: str
    title: str
    summary: str
    body: str
    detail: str = ""


def _attribute(item: Any, path: str) -> Any:
    """Follow a dotted attribute path (``language.code``); None anywhere gives ""."""
    value = item
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return value


@dataclass(frozen=True)
class Contribution:
    """One searchable model: its label, short name and which fields make its document.

    ``title``, ``summary`` and the optional long ``detail`` field feed the semantic vector;
    ``summary`` plus the ``body`` fields (and ``title``) feed the lexical index. ``language`` is a
    dotted path to the item's ISO 639-1 code, or a function of the item giving it.
    ``indexable`` narrows a queryset to the items the public may find.

    For the Hub-wide search page: ``shown`` names the title and summary attributes shown to
    people (default: ``title`` and ``summary``; a translated model indexes one language's fields
    but shows the active language's), and ``shown_language`` gives the language of that text
    (default: the indexed language).
    """

    model_label: str
    key: str
    title: str
    summary: str
    body: tuple[str, ...]
    language: str | Callable[[Any], str]
    indexable: Callable[[QuerySet], QuerySet]
    related: tuple[str, ...] = ()
    detail: str = ""
    shown: tuple[str, str] | None = None
    shown_language: Callable[[Any], str] | None = None

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    def queryset(self) -> QuerySet:
        """The items that belong in the index, with what building their text needs."""
        qs = self.indexable(self.model._default_manager.all())
        return qs.select_related(*self.related) if self.related else qs

    def language_of(self, item: Any) -> str:
        """The ISO code of the language ``item`` is indexed in."""
        code = self.language(item) if callable(self.language) else _attribute(item, self.language)
        return str(code)[:8]

    def shown_text(self, item: Any) -> tuple[str, str, str]:
        """Title, summary and language code of ``item`` as a result list shows it."""
        title, summary = self.shown or (self.title, self.summary)
        language = self.shown_language(item) if self.shown_language else self.language_of(item)
        return str(_attribute(item, title)), str(_attribute(item, summary)), language

    def document(self, item: Any) -> DocumentText:
        """The language and text of ``item``."""
        body = [str(_attribute(item, name)) for name in self.body]
        return DocumentText(
            language=self.language_of(item),
            title=str(_attribute(item, self.title)),
            summary=str(_attribute(item, self.summary)),
            body="\n".join(text for text in body if text.strip()),
            detail=str(_attribute(item, self.detail)) if self.detail else "",
        )


@lru_cache(maxsize=1)
def contributions() -> tuple[Contribution, ...]:
    """Every contribution declared by an installed app, in app order."""
    found: list[Contribution] = []
    for config in apps.get_app_configs():
        if config.name == "search" or not module_has_submodule(config.module, HOOK_MODULE):
            continue
        module = importlib.import_module(f"{config.name}.{HOOK_MODULE}")
        found.extend(getattr(module, HOOK_NAME, ()))
    return tuple(found)


def for_model(model: type[Model] | str) -> Contribution:
    """The contribution of a model class or ``app_label.Model`` label."""
    label = model if isinstance(model, str) else model._meta.label
    for contribution in contributions():
        if contribution.model_label.lower() == label.lower():
            return contribution
    raise LookupError(f"{label} contributes nothing to the search index")


def for_key(key: str) -> Contribution:
    """The contribution named ``key`` (``practices``, ``resources``)."""
    for contribution in contributions():
        if contribution.key == key:
            return contribution
    raise LookupError(f"no searchable model is called {key!r}")
