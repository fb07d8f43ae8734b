"""What the expert directory contributes to the search index (discovered by ``search.registry``).

Listed profiles are indexed, from the fields their expert shows to everyone only: a search must
not find a profile by words that the visitor may not read on it.
"""

from django.db.models import QuerySet

from search.registry import Contribution


def _listed(qs: QuerySet) -> QuerySet:
    return qs.listed()  # type: ignore[attr-defined]


SEARCH_CONTRIBUTIONS = [
    Contribution(
        model_label="experts.ExpertProfile",
        key="experts",
        title="name",
        summary="public_expertise",
        body=("public_bio", "public_organisation"),
        language="bio_language.code",
        indexable=_listed,
        related=("bio_language",),
        detail="public_bio",
    ),
]
