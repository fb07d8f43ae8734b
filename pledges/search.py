"""What pledges contribute to the search index (discovered by ``search.registry``).

Every public pledge is findable. Its title and description exist in the interface languages
(modeltranslation); the index holds the source language's, which the multilingual encoder matches
from any language. Result lists show the reader's language, falling back to the source.
"""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language

from search.registry import Contribution

SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _public(qs: QuerySet) -> QuerySet:
    return qs.public()  # type: ignore[attr-defined]


def _source_language(pledge: Any) -> str:
    return str(SOURCE)


def _shown_language(pledge: Any) -> str:
    active = (get_language() or SOURCE).split("-")[0]
    return active if getattr(pledge, f"description_{active}", "") else str(SOURCE)


SEARCH_CONTRIBUTIONS = [
    Contribution(
        model_label="pledges.Pledge",
        key="pledges",
        title=f"title_{SOURCE}",
        summary=f"description_{SOURCE}",
        body=("entity",),
        language=_source_language,
        indexable=_public,
        shown=("title", "description"),
        shown_language=_shown_language,
    ),
]
