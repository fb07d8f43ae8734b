from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


# An item goes off the public site and back; nothing is ever deleted.
PUBLICATION_TRANSITIONS: dict[str, set[str]] = {
    PublicationStatus.PUBLISHED: {PublicationStatus.UNPUBLISHED},
    PublicationStatus.UNPUBLISHED: {PublicationStatus.PUBLISHED},
}


class ListingSort(models.TextChoices):
    """Orders a listing can be sorted in; the first is the Hub's default rule."""

    RELEVANCE = "relevance", _("Relevance (when searching)")
    SCOPE = "scope", _("Most comprehensive first")
    NEWEST = "newest", _("Newest first")
    TITLE = "title", _("Title (A–Z)")


# Denormalised listing rank: "more comprehensive and global before more specific and regional".
SCOPE_RANKS = {
    "global": 0,
    "multi-regional": 1,
    "regional": 2,
    "multi-country": 3,
    "national": 4,
    "local": 5,
}
UNKNOWN_SCOPE_RANK = 9


def scope_rank(scope_slug: str | None, *, regions: int, countries: int) -> int:
    """The listing rank of a scope level, splitting regional and national by breadth."""
    if scope_slug == "regional" and regions > 1:
        return SCOPE_RANKS["multi-regional"]
    if scope_slug == "national" and countries > 1:
        return SCOPE_RANKS["multi-country"]
    return SCOPE_RANKS.get(scope_slug or "", UNKNOWN_SCOPE_RANK)
