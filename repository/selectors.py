"""Reads of published practices and resources: listings with facets, pages, latest items.

The listings' fast paths (facet index, cards, the practice page's tags) live behind
:mod:`repository.listing`; this module uses its public names only."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, QueryDict

from search.selectors import similar
from taxonomy.models import Objective, Principle
from taxonomy.selectors import rows_by_id

from . import listing
from .filters import PracticeFilterSet, ResourceFilterSet, objective_match, tag_match
from .listing import Card, ListingPage, item_cards
from .models import Practice, PracticeObjective, Resource, ResourceObjective
from .permissions import RepositoryAction, get_practice_for, get_resource_for


def _with_cards(qs: QuerySet, link: Any) -> QuerySet:
    rows = Prefetch("objective_rows", queryset=link.objects.select_related("objective"))
    return qs.select_related("language").prefetch_related(rows)


def practice_queryset(*, user: Any, params: QueryDict) -> QuerySet[Practice]:
    """Published practices narrowed and sorted by the GET parameters (feeds and exports)."""
    filterset = PracticeFilterSet(data=params, queryset=Practice.objects.published())
    return _with_cards(filterset.qs, PracticeObjective)


def resource_queryset(*, user: Any, params: QueryDict) -> QuerySet[Resource]:
    filterset = ResourceFilterSet(data=params, queryset=Resource.objects.published())
    return _with_cards(filterset.qs, ResourceObjective)


def practice_listing(*, user: Any, params: QueryDict) -> ListingPage:
    """The public listing: published practices only, whoever asks."""
    return listing.listing_page(Practice, params)


def resource_listing(*, user: Any, params: QueryDict) -> ListingPage:
    return listing.listing_page(Resource, params)


PAGE_RELATIONS = ("principles", "sdgs", "countries", "regions")
PAGE_TERMS = ("language", "practice_type", "scope", "implementer_type")


def practice_page(user: Any, slug: str) -> Practice:
    """The practice with everything its page shows, or 404 alike when missing or hidden."""
    queryset = Practice.objects.select_related("call")
    practice = get_practice_for(user, slug, RepositoryAction.VIEW, queryset)
    for name in PAGE_TERMS:  # vocabulary rows from the per-process cache, not joins
        f: Any = Practice._meta.get_field(name)
        term_id = getattr(practice, f.attname)
        if term_id is not None:
            setattr(practice, name, rows_by_id(f.related_model)[term_id])
    listing.attach_tags(practice)
    return practice


def resource_page(user: Any, slug: str) -> Resource:
    """The resource with everything its page shows, or 404 alike when missing or hidden."""
    qs = _with_cards(Resource.objects.all(), ResourceObjective)
    qs = qs.select_related("resource_type", "scope")
    queryset = qs.prefetch_related("principles", "countries", "regions", "other_languages")
    return get_resource_for(user, slug, RepositoryAction.VIEW, queryset)


def latest_practices(*, limit: int = 6) -> list[Practice]:
    return list(_with_cards(Practice.objects.published().newest_first(), PracticeObjective)[:limit])


def practices_for_export(*, params: QueryDict | None = None) -> QuerySet[Practice]:
    """Published practices with every relation the exchange format needs."""
    qs = (
        Practice.objects.published()
        if params is None
        else practice_queryset(user=None, params=params)
    )
    return (
        _with_cards(qs, PracticeObjective)
        .select_related("practice_type", "scope", "implementer_type", "call")
        .prefetch_related(*PAGE_RELATIONS)
    )


def published_resources_full() -> QuerySet[Resource]:
    """Published resources with every relation their public representation needs."""
    qs = _with_cards(Resource.objects.published(), ResourceObjective)
    return qs.select_related("resource_type", "scope").prefetch_related(
        "principles", "countries", "regions", "other_languages"
    )


def related_resources(*, practice: Practice, limit: int = 3) -> list[Card]:
    """Published resources sharing a primary objective with the practice, newest first.

    They depend on the set of objectives only, which many practices share, so each process
    keeps them per combination until the published content changes."""
    objective_ids = tuple(sorted(o.pk for o in practice.primary_objectives))
    if not objective_ids:
        return []

    def newest() -> list[Card]:
        links = ResourceObjective.objects.filter(objective_id__in=objective_ids)
        qs = Resource.objects.published().filter(pk__in=links.values("resource_id"))
        return item_cards(Resource, qs.newest_first()[:limit])

    return listing.per_content(("related-resources", objective_ids, limit), newest)


def similar_practices(*, practice: Practice, limit: int = 4) -> list[Card]:
    """Published practices closest in meaning to this one, in any language."""
    return item_cards(Practice, similar(practice, limit=limit, check_live=False))[:limit]


# Landing pages: one per objective and per guiding principle, with their published items.

LANDING_PRACTICES = 6
LANDING_RESOURCES = 4


@dataclass
class LandingCard:
    """An objective or principle with how many published items address it."""

    subject: Any
    practice_count: int
    resource_count: int


@dataclass
class Landing(LandingCard):
    """A landing page: the subject, its counts and the first items of each kind."""

    practices: list[Practice]
    resources: list[Resource]


def _published_counts(model: Any, facet: str) -> dict[str, int]:
    """Published items per value of a facet (objective number, principle slug), from the
    in-memory facet index: grouped counts in the database took 120 ms at 100,000 practices."""
    return listing.published_counts(model, facet)


def _cards(subjects: QuerySet, facet: str, key: str) -> list[LandingCard]:
    practices = _published_counts(Practice, facet)
    resources = _published_counts(Resource, facet)
    return [
        LandingCard(
            s, practices.get(str(getattr(s, key)), 0), resources.get(str(getattr(s, key)), 0)
        )
        for s in subjects
    ]


def _landing(subject: Any, facet: str, key: str) -> Landing:
    value = str(getattr(subject, key))
    practices = Practice.objects.published().filter(_match(Practice, facet, value))
    resources = Resource.objects.published().filter(_match(Resource, facet, value))
    return Landing(
        subject=subject,
        practice_count=_published_counts(Practice, facet).get(value, 0),
        resource_count=_published_counts(Resource, facet).get(value, 0),
        practices=list(
            _with_cards(practices.in_hub_order(), PracticeObjective)[:LANDING_PRACTICES]
        ),
        resources=list(
            _with_cards(resources.newest_first(), ResourceObjective)[:LANDING_RESOURCES]
        ),
    )


def _match(model: Any, facet: str, value: str) -> Q:
    if facet == "objective":
        return objective_match(model, [int(value)])
    return tag_match(model, "principles", "slug", [value])


def objective_cards() -> list[LandingCard]:
    """Every objective with its published practices and resources, primary or secondary."""
    return _cards(Objective.objects.order_by("number"), "objective", "number")


def objective_landing(*, number: int) -> Landing:
    """The objective's page: counts, the first practices in Hub order, the newest resources."""
    objective = Objective.objects.filter(number=number).first()
    if objective is None:
        raise Http404
    return _landing(objective, "objective", "number")


def principle_cards() -> list[LandingCard]:
    """Every active guiding principle with its published practices and resources."""
    return _cards(Principle.objects.filter(is_active=True), "principle", "slug")


def principle_landing(*, slug: str) -> Landing:
    """The principle's page, or 404 when the slug is unknown or the principle inactive."""
    principle = Principle.objects.filter(slug=slug, is_active=True).first()
    if principle is None:
        raise Http404
    return _landing(principle, "principle", "slug")
