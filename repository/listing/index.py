"""An in-memory index of the published items' facet values: listings, orders and counts.

Private to :mod:`repository.listing`: other code asks through that package's functions.

The listing asks, on every request, for the items matching up to a dozen facets, in one of three
orders, plus for each facet how many items each value would give with the other facets applied.
Done in the database that is one query per facet over the tag tables; with 100,000 practices on
SQLite a listing took 2.4-3.5 s with cold counts and 140-350 ms with cached ones, against a
budget of 50 ms (measured before this module existed). Here each process keeps the facet
values as numpy arrays (29 MB for 100,000 practices) and answers with boolean masks and
``bincount``: the ten facet counts of a listing take a few milliseconds.

A snapshot is rebuilt when the content version token (:mod:`core.versions`, raised by every write
to published items) moves, so each process sees a write as soon as it commits.

Facet semantics are those of :mod:`repository.filters` (the database filters used by the API,
feeds and exports); ``repository/tests/test_listing_reference.py`` checks the listing against a
plain ORM implementation on random data.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection
from django.utils import timezone
from numpy.typing import NDArray

from core import versions

from ..choices import ListingSort
from ..facets import FK_FACETS, M2M_FACETS, RESOURCE_FK_FACETS
from ..filters import whole_number
from ..models import Practice, PracticeObjective, Resource, ResourceObjective

VERSION_KEY = "repository"
Mask = NDArray[np.bool_]
Rows = NDArray[np.int64]


def _ints(values: Iterable[str]) -> list[str]:
    return [str(n) for n in map(whole_number, values) if n is not None]


# How a GET value becomes a column key (the same normalisation as repository.filters).
NORMALISE = {
    "objective": _ints,
    "region": _ints,
    "sdg": _ints,
    "country": lambda values: [v.upper() for v in values],
}


@dataclass
class Column:
    """One facet: (item row, value code) pairs; an item may carry several values."""

    keys: list[str]
    rows: Rows
    codes: NDArray[np.int64]
    code_of: dict[str, int] = field(init=False)
    by_code: Rows = field(init=False)  # the rows, grouped by value code
    starts: Rows = field(init=False)  # where each code's group starts in ``by_code``

    def __post_init__(self) -> None:
        self.code_of = {key: code for code, key in enumerate(self.keys)}
        order = np.argsort(self.codes, kind="stable")
        self.by_code = self.rows[order]
        self.starts = np.searchsorted(self.codes[order], np.arange(len(self.keys) + 1))

    def mask(self, chosen: Iterable[str], size: int) -> Mask:
        """Items carrying any of the ``chosen`` keys."""
        out = np.zeros(size, dtype=bool)
        for key in chosen:
            code = self.code_of.get(key)
            if code is not None:
                out[self.by_code[self.starts[code] : self.starts[code + 1]]] = True
        return out

    def counts(self, mask: Mask) -> dict[str, int]:
        """How many items of ``mask`` carry each key (keys without items left out)."""
        found = np.bincount(self.codes[mask[self.rows]], minlength=len(self.keys))
        return {key: int(n) for key, n in zip(self.keys, found, strict=True) if n}


def pair_counts(first: Column, second: Column, size: int) -> dict[tuple[str, str], int]:
    """How many items carry each (key of ``first``, key of ``second``) pair, pairs without
    items left out: both facet-index columns joined on the item, then one ``bincount``. Each
    column holds an (item, value) pair at most once, so an item counts once per pair of values
    (what a listing with one value of each facet counts)."""
    order = np.argsort(second.rows, kind="stable")
    items, codes = second.rows[order], second.codes[order]
    start = np.searchsorted(items, np.arange(size + 1))
    repeat = (start[1:] - start[:-1])[first.rows]  # the second's values of each first pair
    total = int(repeat.sum())
    begins = np.repeat(start[first.rows], repeat)
    within = np.arange(total) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    width = max(len(second.keys), 1)
    joined = np.repeat(first.codes, repeat) * width + codes[begins + within]
    found = np.bincount(joined, minlength=len(first.keys) * width)
    return {
        (first.keys[i // width], second.keys[i % width]): int(found[i])
        for i in np.flatnonzero(found)
    }


def _positions(ids: NDArray[np.int64], wanted: NDArray[np.int64]) -> Rows:
    """Rows of ``ids`` (sorted) holding the ``wanted`` ids, in their order; others dropped."""
    if not len(ids) or not len(wanted):
        return np.zeros(0, dtype=np.int64)
    at = np.searchsorted(ids, wanted)
    present = (at < len(ids)) & (ids[np.minimum(at, len(ids) - 1)] == wanted)
    return at[present]


def _column(pairs: Iterable[tuple[int, Any]], ids: NDArray[np.int64]) -> Column:
    """A column from (item id, key) pairs; pairs of unknown items and null keys dropped."""
    keys: dict[str, int] = {}
    item_ids, codes = [], []
    for item_id, key in pairs:
        if key is None:
            continue
        item_ids.append(item_id)
        codes.append(keys.setdefault(str(key), len(keys)))
    wanted = np.asarray(item_ids, dtype=np.int64)
    known = np.isin(wanted, ids)
    rows = _positions(ids, wanted[known])
    values = np.asarray(codes, dtype=np.int64)[known]
    width = max(len(keys), 1)
    unique = np.unique(rows * width + values)  # an item counts once per value
    return Column(list(keys), unique // width, unique % width)


def _title_key(title: str) -> str:
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass
class Snapshot:
    """The published items of one model, by id (ascending), with their facets and orders."""

    version: str
    ids: NDArray[np.int64]
    columns: dict[str, Column]
    years: tuple[NDArray[np.int64], NDArray[np.int64]]  # practices: start, end; resources: year
    orders: dict[str, Rows]

    @property
    def size(self) -> int:
        return len(self.ids)

    def rows_of(self, ids: Iterable[int]) -> Rows:
        """Row numbers of the given ids, in their order; ids not in the snapshot dropped."""
        return _positions(self.ids, np.fromiter(ids, dtype=np.int64))

    def year_mask(self, year: int, model: Any) -> Mask:
        first, last = self.years
        if model is Resource:
            return first == year
        return (first >= 0) & (first <= year) & ((last < 0) | (last >= year))

    def year_counts(self, mask: Mask, model: Any) -> dict[int, int]:
        """Items of ``mask`` per year: active that year (practices), published (resources)."""
        first, last = self.years
        if model is Resource:
            found = first[mask & (first > 0)]
            years, counts = np.unique(found, return_counts=True)
            return {int(y): int(n) for y, n in zip(years, counts, strict=True)}
        dated = mask & (first > 0)
        if not dated.any():
            return {}
        starts, ends = first[dated], last[dated]
        base = int(starts.min())
        until = max(int(starts.max()), int(ends.max()), _this_year())
        width = until - base + 2
        started = np.cumsum(np.bincount(starts - base, minlength=width))
        # an ongoing practice "ends" after the last year shown
        stops = np.where(ends < 0, until + 1, np.maximum(ends, starts)) - base
        ended_before = np.concatenate(([0], np.cumsum(np.bincount(stops, minlength=width))[:-1]))
        active = started - ended_before  # started in or before y, minus those ended before y
        return {base + i: int(n) for i, n in enumerate(active[: width - 1]) if n}

    def facet_masks(self, chosen: dict[str, list[str]]) -> dict[str, Mask]:
        """One mask per facet that has chosen values."""
        masks = {}
        for name, values in chosen.items():
            if values and name in self.columns:
                keys = NORMALISE.get(name, list)(values)
                masks[name] = self.columns[name].mask(keys, self.size)
        return masks

    def ordered(self, mask: Mask, sort: str | None) -> Rows:
        """The rows of ``mask`` in the chosen order (the Hub's order by default)."""
        order = self.orders.get(sort or "", self.orders[""])
        return order[mask[order]]


def _this_year() -> int:
    return timezone.now().year


def _all(size: int) -> Mask:
    return np.ones(size, dtype=bool)


def combine(masks: Iterable[Mask], size: int) -> Mask:
    """The items in every mask."""
    out = _all(size)
    for mask in masks:
        out &= mask
    return out


def _orders(
    ids: NDArray[np.int64], scope_rank: list, objectives: list, published: list, titles: list
) -> dict[str, Rows]:
    stamps = np.asarray([p.timestamp() if p else float("-inf") for p in published])
    newest = np.lexsort((-ids, -stamps))
    hub = np.lexsort((-ids, -stamps, -np.asarray(objectives), np.asarray(scope_rank)))
    by_title = np.asarray(
        sorted(range(len(ids)), key=lambda i: (_title_key(titles[i]), ids[i])), dtype=np.int64
    )
    return {
        "": hub,
        ListingSort.NEWEST: newest,
        ListingSort.TITLE: by_title,
        ListingSort.RELEVANCE: hub,
    }


def _through_pairs(model: Any, relation: str, key: str) -> Iterable[tuple[int, Any]]:
    f = model._meta.get_field(relation)
    through = f.remote_field.through
    source, target = f.m2m_field_name(), f.m2m_reverse_field_name()
    return through.objects.values_list(f"{source}_id", f"{target}__{key}").iterator(5000)


def build(model: Any, version: str) -> Snapshot:
    """Read every published item's facet values (a handful of queries)."""
    fks = FK_FACETS if model is Practice else RESOURCE_FK_FACETS
    fk_names = [name for name in fks if hasattr(model, fks[name][0])]
    year_fields = ("start_year", "end_year") if model is Practice else ("year", "year")
    fields = [f"{fks[n][0]}__{fks[n][1]}" for n in fk_names]
    head = ["id", "scope_rank", "objective_count", "published_at", "title", *year_fields]
    rows = list(model.objects.published().order_by("id").values_list(*head, *fields))
    ids = np.asarray([r[0] for r in rows], dtype=np.int64)
    columns = {
        name: _column(((r[0], r[len(head) + i]) for r in rows), ids)
        for i, name in enumerate(fk_names)
    }
    link, fk = (
        (PracticeObjective, "practice") if model is Practice else (ResourceObjective, "resource")
    )
    objective_pairs = link.objects.values_list(f"{fk}_id", "objective__number").iterator(5000)
    columns["objective"] = _column(objective_pairs, ids)
    for name, (relation, key) in M2M_FACETS.items():
        if hasattr(model, relation):
            columns[name] = _column(_through_pairs(model, relation, key), ids)
    first = np.asarray([r[5] if r[5] is not None else -1 for r in rows], dtype=np.int64)
    last = np.asarray([r[6] if r[6] is not None else -1 for r in rows], dtype=np.int64)
    orders = _orders(
        ids, [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows], [r[4] for r in rows]
    )
    return Snapshot(version, ids, columns, (first, last), orders)


# Below this many items a snapshot is rebuilt in the request that finds it stale (under a
# second); above, the stale one keeps answering while a thread rebuilds it (5.6 s for 100,000
# practices on PostgreSQL), so no visitor waits for it after a write.
SYNC_BUILD_LIMIT = 20_000
_snapshots: dict[tuple[str, str], Snapshot] = {}
_building: set[tuple[str, str]] = set()
_lock = threading.Lock()


def rebuilding() -> bool:
    """Whether a snapshot is being rebuilt in the background right now."""
    return bool(_building)


def snapshot(model: Any) -> Snapshot:
    """The current snapshot of ``model`` (Practice or Resource); see ``SYNC_BUILD_LIMIT``."""
    version = versions.current(VERSION_KEY)
    key = (str(connection.settings_dict["NAME"]), model._meta.label)
    with _lock:
        found = _snapshots.get(key)
        if found is not None and found.version == version:
            return found
        if found is not None and found.size >= SYNC_BUILD_LIMIT:
            if key not in _building:
                _building.add(key)
                threading.Thread(target=_rebuild, args=(key, model), daemon=True).start()
            return found
        found = _snapshots[key] = build(model, version)
        return found


def _rebuild(key: tuple[str, str], model: Any) -> None:
    try:
        fresh = build(model, versions.current(VERSION_KEY))
        with _lock:
            _snapshots[key] = fresh
    finally:
        with _lock:
            _building.discard(key)
        connection.close()  # this thread's own connection


def content_changed() -> None:
    """Published practices or resources changed: every process rebuilds its snapshots."""
    versions.bump(VERSION_KEY)


def published_counts(model: Any, facet: str) -> dict[str, int]:
    """Published items of ``model`` per value of ``facet`` (values without items left out)."""
    snap = snapshot(model)
    return snap.columns[facet].counts(_all(snap.size))


def published_pair_counts(model: Any, first: str, second: str) -> dict[tuple[str, str], int]:
    """Published items of ``model`` per (value of ``first``, value of ``second``) pair."""
    snap = snapshot(model)
    return pair_counts(snap.columns[first], snap.columns[second], snap.size)


def published_total(model: Any) -> int:
    """How many items of ``model`` are published."""
    return snapshot(model).size


# Values computed from published content, kept per process until it changes (see per_content).
PER_CONTENT_KEPT = 2000
_remembered: dict[tuple[Any, str], Any] = {}
_remembered_lock = threading.Lock()


def per_content(key: Any, compute: Any) -> Any:
    """``compute()``, remembered under ``key`` until the published content changes; at most
    ``PER_CONTENT_KEPT`` keys (all forgotten when full). ``key`` must be hashable."""
    full_key = (key, versions.current(VERSION_KEY))
    with _remembered_lock:
        if full_key in _remembered:
            return _remembered[full_key]
    found = compute()
    with _remembered_lock:
        if len(_remembered) >= PER_CONTENT_KEPT:
            _remembered.clear()
        _remembered[full_key] = found
    return found
