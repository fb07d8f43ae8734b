"""What calls for practices contribute to the search index (discovered by ``search.registry``).

Every call but drafts is findable. A call's texts exist in every interface language
(modeltranslation); the index holds the source language's (``MODELTRANSLATION_DEFAULT_LANGUAGE``),
which the multilingual encoder matches from any language. Result lists show the title and summary
in the reader's language, falling back to the source language when not translated.
"""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language

from search.registry import Contribution

SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _public(qs: QuerySet) -> QuerySet:
    return qs.public()  # type: ignore[attr-defined]


def _source_language(call: Any) -> str:
    return str(SOURCE)


def _shown_language(call: Any) -> str:
    """The language the reader sees the call in: theirs when the summary is translated."""
    active = (get_language() or SOURCE).split("-")[0]
    return active if getattr(call, f"summary_{active}", "") else str(SOURCE)


SEARCH_CONTRIBUTIONS = [
    Contribution(
        model_label="calls.Call",
        key="calls",
        title=f"title_{SOURCE}",
        summary=f"summary_{SOURCE}",
        body=tuple(
            f"{name}_{SOURCE}"
            for name in ("theme", "context", "actions", "occasion", "who_can_submit", "criteria")
        ),
        language=_source_language,
        indexable=_public,
        detail=f"context_{SOURCE}",
        shown=("title", "summary"),
        shown_language=_shown_language,
    ),
]
