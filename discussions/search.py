"""What discussions contribute to the search index (discovered by ``search.registry``).

Published contributions of public spaces that are not drafts: the site search finds them
across languages (the encoder is multilingual), each shown in its own language.
"""

from django.db.models import QuerySet

from search.registry import Contribution as SearchContribution


def _searchable(qs: QuerySet) -> QuerySet:
    return qs.searchable()  # type: ignore[attr-defined]


SEARCH_CONTRIBUTIONS = [
    SearchContribution(
        model_label="discussions.Contribution",
        key="discussions",
        title="question.title",
        summary="body",
        body=("question.space.title",),
        language="language",
        indexable=_searchable,
        related=("question__space",),
    ),
]
