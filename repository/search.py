"""What the repository contributes to the search index (discovered by ``search.registry``).

Practices and resources are indexed while published. Title, short text and (practices)
description make the semantic vector; every public text field goes into the lexical (full-text) index.
"""

from django.db.models import QuerySet

from search.registry import Contribution


def _published(qs: QuerySet) -> QuerySet:
    return qs.published()  # type: ignore[attr-defined]


SEARCH_CONTRIBUTIONS = [
    Contribution(
        model_label="repository.Practice",
        key="practices",
        title="title",
        summary="summary",
        body=(
            "description",
            "implementer",
            "partners",
            "local_place",
            "target_groups",
            "results",
            "innovation",
            "lessons",
            "recommendations",
        ),
        language="language.code",
        indexable=_published,
        related=("language",),
        detail="description",
    ),
    Contribution(
        model_label="repository.Resource",
        key="resources",
        title="title",
        summary="abstract",
        body=("publisher", "authors"),
        language="language.code",
        indexable=_published,
        related=("language",),
    ),
]
