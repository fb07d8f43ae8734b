"""Reads of the vocabularies."""

import hashlib
import re

from django.core.cache import cache

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
