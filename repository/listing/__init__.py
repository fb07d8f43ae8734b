"""The public repository's listings behind one narrow interface.

Everything that makes the listings fast lives in this package and nowhere else: the in-memory
facet index (``index``: numpy arrays of every published item's facet values, rebuilt when the
content version moves), the cards read as plain values in one hand-built query (``cards``), the
practice page's tags read in one query (``tags``) and the values kept per content version.
Callers use only the names below; ``repository/tests/test_listing_reference.py`` checks them
against a plain Django ORM implementation on random data.

- ``listing_page(model, params)``: one page of the practice or resource listing (items in
  order, facet and year counts) for the GET parameters.
- ``content_changed()``: published content changed; every process rebuilds what it keeps.
- ``item_cards(model, ids_or_queryset)``: listing cards of published items.
- ``published_counts`` / ``published_pair_counts`` / ``published_total``: counts of the
  published items per facet value, per pair of values, in all.
- ``per_content(key, compute)``: a value remembered until the published content changes.
- ``attach_tags(practice)``: the practice page's tags in one query (``*_list`` attributes).
"""

from .cards import Card, item_cards
from .index import (
    content_changed,
    per_content,
    published_counts,
    published_pair_counts,
    published_total,
)
from .page import PAGE_SIZE, PRACTICE_FACETS, RESOURCE_FACETS, ListingPage, listing_page
from .tags import attach_tags

__all__ = [
    "PAGE_SIZE",
    "PRACTICE_FACETS",
    "RESOURCE_FACETS",
    "Card",
    "ListingPage",
    "attach_tags",
    "content_changed",
    "item_cards",
    "listing_page",
    "per_content",
    "published_counts",
    "published_pair_counts",
    "published_total",
]
