"""Reads of published practices and resources: listings with facets, pages, latest items."""

import threading
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.urls import reverse

from core import versions
from taxonomy.models import Objective, Principle
from taxonomy.selectors import objectives_by_id, rows_by_id

from . import facet_index
from .choices import ListingSort, PublicationStatus
from .facets import Facet, build_facet, facet_options
from .filters import PracticeFilterSet, ResourceFilterSet, objective_match, tag_match
from .models import Practice, PracticeObjective, Resource, ResourceObjective
from .permissions import RepositoryAction, get_practice_for, get_resource_for

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
FILTER_NAMES = PRACTICE_FACETS  # every tag filter (a model ignores those it does not have)
PAGE_SIZE = 20


@dataclass
class Listing:
    page: Page
    facets: list[Facet]
    filterset: Any
    years: list[tuple[int, int]] = field(default_factory=list)  # (year, items), newest first

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


@dataclass
class Card:
    """What a listing card shows of a practice or resource, read as plain values: building
    twenty model instances with their prefetches took a quarter of the listing's time."""

    pk: int
    kind: str
    slug: str
    title: str
    text: str  # summary or abstract
    by: str  # implementer or publisher
    year: int | None
    language: SimpleNamespace
    primary_objectives: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        return self.text

    @property
    def abstract(self) -> str:
        return self.text

    @property
    def implementer(self) -> str:
        return self.by

    @property
    def publisher(self) -> str:
        return self.by

    def get_absolute_url(self) -> str:
        return reverse(f"repository:{self.kind}_detail", kwargs={"slug": self.slug})


def _card_columns(model: Any) -> tuple[str, str, str, str, str]:
    """kind, text, by, year fields and the objective link's foreign key of a model's cards."""
    if model is Practice:
        return "practice", "summary", "implementer", "start_year", "practice"
    return "resource", "abstract", "publisher", "year", "resource"


def _cards_sql(model: Any, count: int) -> str:
    """One query for ``count`` published items' cards: one row per primary objective (an item
    without one comes once, with NULL), in id then objective order. Names from ``_meta``."""
    quote = connection.ops.quote_name
    _kind, text, by, year, fk = _card_columns(model)
    meta, link = model._meta, (PracticeObjective if model is Practice else ResourceObjective)._meta

    def column(name: str) -> str:
        found: Any = meta.get_field(name)
        return quote(found.column)

    language: Any = meta.get_field("language")
    link_field: Any = link.get_field(fk)
    link_fk = quote(link_field.column)
    pk = quote(meta.pk.column)
    columns = ", ".join(f"i.{column(name)}" for name in ("slug", "title", text, by, year))
    return (
        f"SELECT i.{pk}, {columns}, l.{quote('code')}, o.{quote('objective_id')}"  # noqa: S608
        f" FROM {quote(meta.db_table)} i"
        f" JOIN {quote(language.related_model._meta.db_table)} l"
        f" ON l.{quote(language.target_field.column)} = i.{quote(language.column)}"
        f" LEFT JOIN {quote(link.db_table)} o ON o.{link_fk} = i.{pk} AND o.{quote('is_primary')}"
        f" WHERE i.{column('status')} = %s AND i.{pk} IN ({', '.join(['%s'] * count)})"
        f" ORDER BY i.{pk}, o.{quote('position')}, o.{quote(link.pk.column)}"
    )


def _cards_by_id(model: Any, ids: list[int]) -> dict[int, Card]:
    """The cards of the published items among ``ids`` in one query: the ORM's two queries and
    their compilation were a sixth of a practice page's time at 100,000 practices."""
    if not ids:
        return {}
    kind = _card_columns(model)[0]
    with connection.cursor() as cursor:
        cursor.execute(_cards_sql(model, len(ids)), [PublicationStatus.PUBLISHED, *ids])
        rows = cursor.fetchall()
    objectives = objectives_by_id()
    cards: dict[int, Card] = {}
    for pk, slug, title, words, name, when, code, objective_id in rows:
        card = cards.get(pk)
        if card is None:
            card = cards[pk] = Card(
                pk, kind, slug, title, words, name, when, SimpleNamespace(code=code)
            )
        if objective_id is not None:
            card.primary_objectives.append(objectives[objective_id])
    return cards


def item_cards(model: Any, ids: list[int] | QuerySet) -> list[Card]:
    """The cards of published items: ``ids`` in that order (one query), or the items of an
    ordered, sliced queryset of published items in its order (two queries)."""
    if not isinstance(ids, QuerySet):
        found = _cards_by_id(model, [int(pk) for pk in ids])
        return [found[pk] for pk in ids if pk in found]
    kind, text, by, year, fk = _card_columns(model)
    values = ids.values_list("pk", "slug", "title", text, by, year, "language__code")
    cards = {
        pk: Card(pk, kind, slug, title, words, name, when, SimpleNamespace(code=code))
        for pk, slug, title, words, name, when, code in values
    }
    link = PracticeObjective if model is Practice else ResourceObjective
    primary = link.objects.filter(**{f"{fk}_id__in": list(cards)}, is_primary=True)
    objectives = objectives_by_id()
    for item_id, objective_id in primary.order_by("position", "pk").values_list(
        f"{fk}_id", "objective_id"
    ):
        cards[item_id].primary_objectives.append(objectives[objective_id])
    return list(cards.values())


class ItemPage:
    """The ordered ids of a listing as a sequence the paginator slices: only the page's cards
    are read from the database."""

    def __init__(self, ids: Any, model: Any) -> None:
        self.ids, self.model = ids, model

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list[Card]:
        return item_cards(self.model, [int(pk) for pk in self.ids[window]])


def _cleaned(filterset: Any) -> dict[str, Any]:
    """The valid parameters (an invalid one is ignored, as the database filters do)."""
    filterset.form.is_valid()
    return filterset.form.cleaned_data


def _listing(model: Any, params: QueryDict, facets: tuple[str, ...]) -> Listing:
    """Facets, order and counts from the in-memory facet index; a query searches the index
    once (``search.selectors.match``); only the page's items are read from the database."""
    from search.selectors import match

    filterset = (PracticeFilterSet if model is Practice else ResourceFilterSet)(data=params)
    data = _cleaned(filterset)
    snap = facet_index.snapshot(model)
    masks = snap.facet_masks({name: data.get(name) or [] for name in FILTER_NAMES})
    if data.get("year") is not None:
        masks["year"] = snap.year_mask(int(data["year"]), model)
    words, sort = (data.get("q") or "").strip(), data.get("sort") or ""
    found = match(words, model=model) if words else None
    if found is not None:
        masks["q"] = np.zeros(snap.size, dtype=bool)
        masks["q"][snap.rows_of(found.ids)] = True
    chosen = facet_index.combine(masks.values(), snap.size)
    ids: Any
    if found is not None and sort in ("", ListingSort.RELEVANCE):
        ids = found.ranked(frozenset(snap.ids[chosen & masks["q"]].tolist()))
    else:
        ids = snap.ids[snap.ordered(chosen, sort)]
    items: Any = ItemPage(ids, model)
    return Listing(
        page=Paginator(items, PAGE_SIZE).get_page(params.get("page")),
        facets=_facets(model, snap, masks, params, facets),
        filterset=filterset,
        years=_years(model, snap, masks, data.get("year")),
    )


def _others(snap: Any, masks: dict[str, Any], name: str) -> Any:
    """The items every filter but ``name`` allows (what that filter's counts are over)."""
    return facet_index.combine((m for k, m in masks.items() if k != name), snap.size)


def _facets(
    model: Any, snap: Any, masks: dict[str, Any], params: QueryDict, names: tuple[str, ...]
) -> list[Facet]:
    options = facet_options(model, names)
    return [
        build_facet(
            name,
            snap.columns[name].counts(_others(snap, masks, name)),
            params.getlist(name),
            options[name],
        )
        for name in names
    ]


def _years(model: Any, snap: Any, masks: dict[str, Any], chosen: int | None) -> list:
    """(year, items) newest first, counted with the other filters; the chosen year stays."""
    per_year = snap.year_counts(_others(snap, masks, "year"), model)
    if chosen is not None:
        per_year.setdefault(int(chosen), 0)
    return sorted(per_year.items(), reverse=True)


def practice_listing(*, user: Any, params: QueryDict) -> Listing:
    """The public listing: published practices only, whoever asks."""
    return _listing(Practice, params, PRACTICE_FACETS)


def resource_listing(*, user: Any, params: QueryDict) -> Listing:
    return _listing(Resource, params, RESOURCE_FACETS)


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
    attach_tags(practice)
    return practice


def _tag_sql(practice: Practice) -> tuple[str, list[int]]:
    quote = connection.ops.quote_name
    parts = []
    for name in PAGE_RELATIONS:
        f: Any = Practice._meta.get_field(name)
        through = f.remote_field.through._meta
        source = quote(through.get_field(f.m2m_field_name()).column)
        target = quote(through.get_field(f.m2m_reverse_field_name()).column)
        parts.append(
            f"SELECT '{name}', {target}, 0, 0, 0 FROM {quote(through.db_table)}"  # noqa: S608 - names from _meta
            f" WHERE {source} = %s"
        )
    link = PracticeObjective._meta
    parts.append(
        "SELECT 'objective_rows', objective_id, CASE WHEN is_primary THEN 1 ELSE 0 END,"  # noqa: S608 - names from _meta
        f" position, {quote(link.pk.column)} FROM {quote(link.db_table)} WHERE practice_id = %s"
    )
    return " UNION ALL ".join(parts), [practice.pk] * len(parts)


def attach_tags(practice: Practice) -> None:
    """Read every tag of the practice in one query and keep them where ``practice.principles
    .all()`` and friends look first (the prefetch cache), with vocabulary rows cached per
    process: six prefetch queries took a third of the page's time at 100,000 practices."""
    sql, params = _tag_sql(practice)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    vocabularies = {
        name: rows_by_id(Practice._meta.get_field(name).related_model) for name in PAGE_RELATIONS
    }
    cache: dict[str, list] = {name: [] for name in (*PAGE_RELATIONS, "objective_rows")}
    objectives = objectives_by_id()
    for name, target, is_primary, position, pk in found:
        if name == "objective_rows":
            row = PracticeObjective(
                pk=pk,
                practice=practice,
                objective=objectives[target],
                is_primary=bool(is_primary),
                position=position,
            )
            cache[name].append(row)
        else:
            cache[name].append(vocabularies[name][target])
    for name in PAGE_RELATIONS:  # the vocabulary's own order, as a prefetch would give
        order = {pk: i for i, pk in enumerate(vocabularies[name])}
        cache[name].sort(key=lambda row: order[row.pk])
    practice._prefetched_objects_cache = cache  # type: ignore[attr-defined]


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


_related: dict[tuple, list[Card]] = {}
_related_lock = threading.Lock()
RELATED_KEPT = 2000  # combinations of objectives remembered per process


def related_resources(*, practice: Practice, limit: int = 3) -> list[Card]:
    """Published resources sharing a primary objective with the practice, newest first.

    They depend on the set of objectives only, which many practices share, so each process
    keeps them per combination until the published content changes."""
    objective_ids = tuple(sorted(o.pk for o in practice.primary_objectives))
    if not objective_ids:
        return []
    key = (objective_ids, limit, versions.current(facet_index.VERSION_KEY))
    with _related_lock:
        found = _related.get(key)
    if found is None:
        links = ResourceObjective.objects.filter(objective_id__in=objective_ids)
        qs = Resource.objects.published().filter(pk__in=links.values("resource_id"))
        found = item_cards(Resource, qs.newest_first()[:limit])
        with _related_lock:
            if len(_related) >= RELATED_KEPT:
                _related.clear()
            _related[key] = found
    return found


def similar_practices(*, practice: Practice, limit: int = 4) -> list[Card]:
    """Published practices closest in meaning to this one, in any language."""
    from search.selectors import similar

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
    snap = facet_index.snapshot(model)
    return snap.columns[facet].counts(np.ones(snap.size, dtype=bool))


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
