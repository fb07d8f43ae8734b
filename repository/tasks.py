"""Background work of the repository."""

from django.core.cache import cache
from django.http import QueryDict
from django_tasks import task

WARM_PENDING_KEY = "repository:facets:warm-pending"


@task()
def warm_facet_counts() -> None:
    """Compute the facet counts of the unfiltered listings after a write, so that the first
    visitor does not pay for counting every tag row (the slowest listing on SQLite)."""
    from .selectors import practice_listing, resource_listing

    cache.delete(WARM_PENDING_KEY)
    practice_listing(user=None, params=QueryDict())
    resource_listing(user=None, params=QueryDict())
