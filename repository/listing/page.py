"""One page of a listing: the items the facets, year and words allow, in the chosen order, the
page's cards and each facet's counts with the other filters applied."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.paginator import Page, Paginator
from django.http import QueryDict

from search.selectors import match

from ..choices import ListingSort
from ..facets import Facet, build_facet, facet_options
from ..filters import PracticeFilterSet, ResourceFilterSet
from ..models import Practice
from . import index
from .cards import ItemPage

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
class ListingPage:
    """What a listing page shows: the page of cards, the facets with their counts, the filter
    form (for the chosen values), the years with their counts and every matching id in order."""

    page: Page
    facets: list[Facet]
    filterset: Any
    years: list[tuple[int, int]] = field(default_factory=list)  # (year, items), newest first
    # every matching item's id, in the listing's order (a numpy array when not ranked by words)
    ids: Sequence[int] = ()
    # the words were searched without the encoder (missing): the page says so
    lexical_only: bool = False

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _cleaned(filterset: Any) -> dict[str, Any]:
    """The valid parameters (an invalid one is ignored, as the database filters do)."""
    filterset.form.is_valid()
    return filterset.form.cleaned_data


def _masks(model: Any, snap: index.Snapshot, data: dict[str, Any]) -> dict[str, Any]:
    """One mask per filter that narrows the listing (facets, year, words)."""
    masks = snap.facet_masks({name: data.get(name) or [] for name in FILTER_NAMES})
    if data.get("year") is not None:
        masks["year"] = snap.year_mask(int(data["year"]), model)
    return masks


def listing_page(model: Any, params: QueryDict) -> ListingPage:
    """The listing of published ``model`` items (Practice or Resource) for the GET ``params``:
    facets, order and counts from the in-memory facet index; a query searches the index once
    (``search.selectors.match``); only the page's items are read from the database. Labels are
    in the active language."""
    filterset = (PracticeFilterSet if model is Practice else ResourceFilterSet)(data=params)
    data = _cleaned(filterset)
    snap = index.snapshot(model)
    masks = _masks(model, snap, data)
    words, sort = (data.get("q") or "").strip(), data.get("sort") or ""
    found = match(words, model=model) if words else None
    if found is not None:
        masks["q"] = np.zeros(snap.size, dtype=bool)
        masks["q"][snap.rows_of(found.ids)] = True
    chosen = index.combine(masks.values(), snap.size)
    ids: Any
    if found is not None and sort in ("", ListingSort.RELEVANCE):
        ids = found.ranked(frozenset(snap.ids[chosen & masks["q"]].tolist()))
    else:
        ids = snap.ids[snap.ordered(chosen, sort)]
    names = PRACTICE_FACETS if model is Practice else RESOURCE_FACETS
    items: Any = ItemPage(ids, model)  # a sequence the paginator slices (only the page is read)
    return ListingPage(
        page=Paginator(items, PAGE_SIZE).get_page(params.get("page")),
        facets=_facets(model, snap, masks, params, names),
        filterset=filterset,
        years=_years(model, snap, masks, data.get("year")),
        ids=ids,
        lexical_only=bool(found and found.lexical_only),
    )


def _others(snap: index.Snapshot, masks: dict[str, Any], name: str) -> Any:
    """The items every filter but ``name`` allows (what that filter's counts are over)."""
    return index.combine((m for k, m in masks.items() if k != name), snap.size)


def _facets(
    model: Any, snap: index.Snapshot, masks: dict[str, Any], params: QueryDict, names: tuple
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


def _years(model: Any, snap: index.Snapshot, masks: dict[str, Any], chosen: int | None) -> list:
    """(year, items) newest first, counted with the other filters; the chosen year stays."""
    per_year = snap.year_counts(_others(snap, masks, "year"), model)
    if chosen is not None:
        per_year.setdefault(int(chosen), 0)
    return sorted(per_year.items(), reverse=True)
