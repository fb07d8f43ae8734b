"""Reads of published practices and resources: listings with facets, pages, latest items."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, QueryDict

from taxonomy.models import Objective, Principle

from .facets import Facet, build_facet, cached_counts, without
from .filters import PracticeFilterSet, ResourceFilterSet, objective_match, tag_match
from .models import Practice, PracticeObjective, Resource, ResourceObjective
from .permissions import practices_visible_to, resources_visible_to

PRACTICE_FACETS = (
    "objective",
    "scope",
    "type",
    "region",
    "country",
    "principle",
    "sdg",
    "implementer_type",
    "language",
    "call",
)
RESOURCE_FACETS = ("objective", "scope", "type", "region", "country", "principle", "language")
PAGE_SIZE = 20


@dataclass
class Listing:
    page: Page
    facets: list[Facet]
    filterset: Any

    @property
    def total(self) -> int:
        return self.page.paginator.count


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


def _listing(model: Any, base: QuerySet, params: QueryDict, facets: tuple[str, ...]) -> Listing:
    filterset_class = PracticeFilterSet if model is Practice else ResourceFilterSet
    link = PracticeObjective if model is Practice else ResourceObjective
    filterset = filterset_class(data=params, queryset=base)
    paginator = Paginator(_with_cards(filterset.qs, link), PAGE_SIZE)
    page = paginator.get_page(params.get("page"))
    built = []
    for name in facets:

        def others(name: str = name) -> QuerySet:
            return filterset_class(data=without(params, name), queryset=base).qs

        chosen = params.getlist(name)
        built.append(build_facet(name, model, cached_counts(model, name, others, params), chosen))
    return Listing(page=page, facets=built, filterset=filterset)


def practice_listing(*, user: Any, params: QueryDict) -> Listing:
    """The public listing: published practices only, whoever asks."""
    return _listing(Practice, Practice.objects.published(), params, PRACTICE_FACETS)


def resource_listing(*, user: Any, params: QueryDict) -> Listing:
    return _listing(Resource, Resource.objects.published(), params, RESOURCE_FACETS)


PAGE_RELATIONS = ("principles", "sdgs", "countries", "regions")


def get_practice_for(user: Any, slug: str) -> Practice:
    """The practice with everything its page shows, or 404 alike when missing or hidden."""
    qs = _with_cards(practices_visible_to(user), PracticeObjective)
    qs = qs.select_related("practice_type", "scope", "implementer_type", "call")
    practice = qs.prefetch_related(*PAGE_RELATIONS).filter(slug=slug).first()
    if practice is None:
        raise Http404
    return practice


def get_resource_for(user: Any, slug: str) -> Resource:
    qs = _with_cards(resources_visible_to(user), ResourceObjective)
    qs = qs.select_related("resource_type", "scope")
    resource = (
        qs.prefetch_related("principles", "countries", "regions", "other_languages")
        .filter(slug=slug)
        .first()
    )
    if resource is None:
        raise Http404
    return resource


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


def related_resources(*, practice: Practice, limit: int = 3) -> list[Resource]:
    """Published resources sharing a primary objective with the practice, newest first."""
    numbers = [o.number for o in practice.primary_objectives]
    if not numbers:
        return []
    ids = ResourceObjective.objects.filter(objective__number__in=numbers).values("resource_id")
    qs = Resource.objects.published().filter(pk__in=ids).newest_first()
    return list(_with_cards(qs, ResourceObjective)[:limit])


def similar_practices(*, practice: Practice, limit: int = 4) -> list[Practice]:
    """Published practices closest in meaning to this one, in any language."""
    from search.selectors import similar

    ids = similar(practice, limit=limit)
    found = _with_cards(Practice.objects.published(), PracticeObjective).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


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


def _published_counts(model: Any, link: Any, target: str) -> dict[int, int]:
    """Published items per target id in one grouped query on the link table."""
    source = "practice" if model is Practice else "resource"
    rows = (
        link.objects.filter(**{f"{source}__in": model.objects.published().values("pk")})
        .values(f"{target}_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row[f"{target}_id"]: row["n"] for row in rows}


def _cards(subjects: QuerySet, links: tuple[Any, Any], target: str) -> list[LandingCard]:
    practices = _published_counts(Practice, links[0], target)
    resources = _published_counts(Resource, links[1], target)
    return [LandingCard(s, practices.get(s.pk, 0), resources.get(s.pk, 0)) for s in subjects]


def _landing(subject: Any, practice_match: Q, resource_match: Q) -> Landing:
    practices = Practice.objects.published().filter(practice_match)
    resources = Resource.objects.published().filter(resource_match)
    return Landing(
        subject=subject,
        practice_count=practices.count(),
        resource_count=resources.count(),
        practices=list(
            _with_cards(practices.in_hub_order(), PracticeObjective)[:LANDING_PRACTICES]
        ),
        resources=list(
            _with_cards(resources.newest_first(), ResourceObjective)[:LANDING_RESOURCES]
        ),
    )


def objective_cards() -> list[LandingCard]:
    """Every objective with its published practices and resources, primary or secondary."""
    links = (PracticeObjective, ResourceObjective)
    return _cards(Objective.objects.order_by("number"), links, "objective")


def objective_landing(*, number: int) -> Landing:
    """The objective's page: counts, the first practices in Hub order, the newest resources."""
    objective = Objective.objects.filter(number=number).first()
    if objective is None:
        raise Http404
    return _landing(
        objective,
        objective_match(Practice, [number]),
        objective_match(Resource, [number]),
    )


def principle_cards() -> list[LandingCard]:
    """Every active guiding principle with its published practices and resources."""
    links = (Practice.principles.through, Resource.principles.through)
    return _cards(Principle.objects.filter(is_active=True), links, "principle")


def principle_landing(*, slug: str) -> Landing:
    """The principle's page, or 404 when the slug is unknown or the principle inactive."""
    principle = Principle.objects.filter(slug=slug, is_active=True).first()
    if principle is None:
        raise Http404
    return _landing(
        principle,
        tag_match(Practice, "principles", "slug", [slug]),
        tag_match(Resource, "principles", "slug", [slug]),
    )
