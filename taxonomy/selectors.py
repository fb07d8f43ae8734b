"""Reads of the vocabularies."""

import hashlib
import re
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from core import versions

from .apps import VERSION_KEY
from .models import Objective

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CACHE_KEY = "taxonomy.objective_css"


def objective_styles_css() -> str:
    css = cache.get(CACHE_KEY)
    if css is None:
        rules = [
            f".badge--objective-{number} {{ --badge-colour: {colour}; }}"
            for number, colour in Objective.objects.values_list("number", "colour")
            if _COLOUR.match(colour)
        ]
        css = "\n".join(rules) + "\n"
        cache.set(CACHE_KEY, css, 300)
    return css


def vocabulary_version() -> str:
    return hashlib.sha256(objective_styles_css().encode()).hexdigest()[:16]


T = TypeVar("T")
_memo: dict[tuple[str, str, str], Any] = {}
_memo_lock = threading.RLock()


def per_vocabulary(key: str, build: Callable[[], T]) -> T:
    """``build()`` once per process, interface language and vocabulary version: for data read
    from the vocabularies on hot paths (labels, ordering by translated names). A change to any
    vocabulary row moves the ``taxonomy`` content version and drops the older copies."""
    version = versions.current(VERSION_KEY)
    full = (key, get_language() or "", version)
    with _memo_lock:
        if full in _memo:
            return _memo[full]
        value = build()
        for stale in [k for k in _memo if k[2] != version]:
            del _memo[stale]
        _memo[full] = value
        return value


def rows_by_id(model: Any) -> dict[int, Any]:
    """Every row of a vocabulary by primary key, in the vocabulary's order in the interface
    language (names sort differently in each)."""
    return per_vocabulary(model._meta.label, lambda: {row.pk: row for row in model.objects.all()})


def objectives_by_id() -> dict[int, Objective]:
    """Every objective by primary key (see :func:`rows_by_id`)."""
    return rows_by_id(Objective)
