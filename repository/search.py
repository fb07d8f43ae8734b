"""What the repository contributes to the search index (discovered by ``search.registry``).

Practices and resources are indexed while published. Title, short text and (practices)
description make the semantic vector; the fields the definitions mark ``searchable`` go into the
lexical (full-text) index with them.
"""

from django.db.models import QuerySet

from search.registry import Contribution
from submissions.fields import get_content_type
from submissions.schema import arrange

# The order the index has always read a practice's texts in (PostgreSQL's ranking weighs how
# close the words of a query are); a field marked searchable later comes after them.
PRACTICE_BODY_ORDER = (
    "description",
    "implementer",
    "partners",
    "local_place",
    "target_groups",
    "results",
    "innovation",
    "lessons",
    "recommendations",
)


def searchable(content_type: str, order: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The fields of a content type the lexical index reads, in ``order`` first."""
    return arrange(get_content_type(content_type).searchable_fields(), order)


def _published(qs: QuerySet) -> QuerySet:
    return qs.published()  # type: ignore[attr-defined]


SEARCH_CONTRIBUTIONS = [
    Contribution(
        model_label="repository.Practice",
        key="practices",
        title="title",
        summary="summary",
        body=searchable("practice", PRACTICE_BODY_ORDER),
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
        body=searchable("resource"),
        language="language.code",
        indexable=_published,
        related=("language",),
    ),
]
