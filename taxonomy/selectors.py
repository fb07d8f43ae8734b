"""Reads of the vocabularies."""

import hashlib
import re
import threading
from typing import Any

from django.core.cache import cache

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


_rows: dict[tuple[str, str], dict[int, Any]] = {}
_rows_lock = threading.Lock()


def rows_by_id(model: Any, version: str | None = None) -> dict[int, Any]:
    """Every row of a vocabulary by primary key, in the vocabulary's order, kept per process
    until a vocabulary changes (labels are translated when read: one copy serves every
    language). ``version``: the taxonomy token when the caller already read it."""
    version = versions.current(VERSION_KEY) if version is None else version
    key = (model._meta.label, version)
    with _rows_lock:
        found = _rows.get(key)
        if found is None:
            for old in [k for k in _rows if k[0] == key[0]]:
                del _rows[old]
            found = _rows[key] = {row.pk: row for row in model.objects.all()}
        return found


def objectives_by_id() -> dict[int, Objective]:
    """Every objective by primary key (see :func:`rows_by_id`)."""
    return rows_by_id(Objective)
