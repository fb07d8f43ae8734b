"""Each document's nearest neighbours, stored so "similar items" is one key read.

A practice page used to ask the vector store for the neighbours of its practice on every view:
at 100,000 practices on PostgreSQL that nearest-neighbour query and its transaction were a third
of the page's time. The list changes only when the index does, so it is computed on writes and
kept in :class:`~search.models.NeighbourList`:

- :func:`link_items` (an item indexed by the background task): the document's own list from the
  vector store, then a *reverse update*: each of its nearest documents whose list it now belongs
  in (closer than that list's ``floor``) takes it in. Lists are therefore approximate between
  full passes: a document is offered only to its own ``REVERSE_DEPTH`` nearest ones.
- :func:`unlink_items` (documents about to be removed): taken out of the lists of their own
  neighbours, which then accept anyone (floor -1) until they are linked again. A stale entry a
  list may still hold is harmless: readers show published items only.
- :func:`link_all` (``reindex``): exact lists by brute force, a matrix product per batch of
  documents, with the reverse update done exactly from the same products.

A document without a list (new, or rewritten by ``reindex``) is "unlinked"; readers then ask the
vector store, and ``reindex`` computes the missing lists at its end.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

import numpy as np
from django.db import connection, transaction
from django.db.models import F, QuerySet
from numpy.typing import NDArray

from .backends.lexical import Hit
from .backends.schema import TABLE
from .backends.vectors import get_vectors
from .models import NeighbourList, SearchDocument

KEPT = 12  # neighbours stored per document; pages show four, the rest cover unpublished ones
REVERSE_DEPTH = 2 * KEPT  # how many of a new document's nearest ones are offered it
BATCH = 512  # documents per matrix product in a full pass (512 x 100,000 scores: 200 MB)
OPEN = -1.0  # the floor of a list with room left: any cosine enters

Progress = Callable[[int, int], None]
Pairs = list[list[float]]  # [[object id, cosine], ...] as stored in JSON

_STORED = (
    f"SELECT n.items FROM {NeighbourList._meta.db_table} n"  # noqa: S608 - constants
    f" JOIN {TABLE} d ON d.id = n.document_id"
    " WHERE d.content_type_id = %s AND d.object_id = %s"
)


def _stored(hits: Iterable[Hit]) -> Pairs:
    return [[int(pk), round(float(score), 5)] for pk, score in hits][:KEPT]


def _floor(pairs: Pairs) -> float:
    return float(pairs[-1][1]) if len(pairs) >= KEPT else OPEN


def _merge(pairs: Pairs, offers: Iterable[Hit]) -> Pairs:
    """``pairs`` with the offered (id, cosine) entries taken in, best first, ``KEPT`` at most."""
    best = {int(pk): float(score) for pk, score in pairs}
    for pk, score in offers:
        best[int(pk)] = float(score)
    return _stored(sorted(best.items(), key=lambda entry: (-entry[1], entry[0])))


def stored_neighbours(content_type_id: int, object_id: int) -> list[int] | None:
    """The stored neighbour ids of an indexed item, best first; None when the item has no
    document or no list yet (the caller then asks the vector store). Plain SQL: a page reads
    it once, and building the ORM query cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute(_STORED, [content_type_id, object_id])
        row = cursor.fetchone()
    if row is None:
        return None
    pairs = json.loads(row[0]) if isinstance(row[0], str | bytes) else row[0]
    return [int(pk) for pk, _score in pairs]


def _save(content_type_id: int, lists: dict[int, Pairs]) -> int:
    """Store whole lists (object id -> pairs), replacing any earlier ones, in one statement."""
    if not lists:
        return 0
    documents = SearchDocument.objects.filter(
        content_type_id=content_type_id, object_id__in=list(lists)
    ).values_list("object_id", "pk")
    rows = [
        NeighbourList(document_id=pk, items=lists[object_id], floor=_floor(lists[object_id]))
        for object_id, pk in documents
    ]
    NeighbourList.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["document"], update_fields=["items", "floor"]
    )
    return len(rows)


def _held_by(content_type_id: int, object_ids: Iterable[int]) -> QuerySet[NeighbourList]:
    """The lists of these documents (``object_id`` annotated), locked until the transaction
    ends (PostgreSQL) so that two index tasks do not lose each other's changes."""
    rows = NeighbourList.objects.filter(
        document__content_type_id=content_type_id, document__object_id__in=list(object_ids)
    )
    return rows.select_for_update(of=("self",)).annotate(object_id=F("document__object_id"))


def _offer(content_type_id: int, offers: dict[int, list[Hit]]) -> None:
    """Give each listed document the (id, cosine) entries that beat its floor."""
    if not offers:
        return
    changed = []
    for row in _held_by(content_type_id, offers):
        object_id: int = row.object_id  # type: ignore[attr-defined]
        taken = [(pk, score) for pk, score in offers[object_id] if score > row.floor]
        if taken:
            row.items = _merge(row.items, taken)
            row.floor = _floor(row.items)
            changed.append(row)
    NeighbourList.objects.bulk_update(changed, ["items", "floor"], batch_size=500)


@transaction.atomic
def link_items(content_type_id: int, object_ids: Iterable[int]) -> None:
    """Compute the lists of these (just written) documents from the vector store and offer
    each to its nearest documents."""
    store = get_vectors()
    own: dict[int, Pairs] = {}
    offers: dict[int, list[Hit]] = {}
    for object_id in object_ids:
        hits = store.item_neighbours(
            content_type_id=content_type_id, object_id=object_id, limit=REVERSE_DEPTH + 1
        )
        others = [(pk, score) for pk, score in hits if pk != object_id]
        own[object_id] = _stored(others)
        for pk, score in others:
            offers.setdefault(pk, []).append((object_id, score))
    _save(content_type_id, own)
    for object_id in own:  # their own lists are exact already
        offers.pop(object_id, None)
    _offer(content_type_id, offers)


@transaction.atomic
def unlink_items(content_type_id: int, object_ids: Iterable[int]) -> None:
    """Take documents about to be removed out of their neighbours' lists."""
    gone = set(object_ids)
    lists = NeighbourList.objects.filter(
        document__content_type_id=content_type_id, document__object_id__in=gone
    )
    holders = {int(pk) for pairs in lists.values_list("items", flat=True) for pk, _ in pairs}
    changed = []
    for row in _held_by(content_type_id, holders - gone):
        kept = [pair for pair in row.items if int(pair[0]) not in gone]
        if len(kept) != len(row.items):
            row.items, row.floor = kept, OPEN
            changed.append(row)
    NeighbourList.objects.bulk_update(changed, ["items", "floor"], batch_size=500)


def _matrix(content_type_id: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    pairs = SearchDocument.objects.filter(content_type_id=content_type_id).order_by("object_id")
    ids, vectors = [], []
    for pk, vector in pairs.values_list("object_id", "vector").iterator(chunk_size=2000):
        ids.append(pk)
        vectors.append(np.frombuffer(bytes(vector), dtype=np.float32))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 1), dtype=np.float32)
    return np.asarray(ids, dtype=np.int64), np.stack(vectors)


def _best(scores: NDArray[np.float32], ids: NDArray[np.int64]) -> Pairs:
    """The ``KEPT`` best entries of one row of scores (the document itself already masked)."""
    keep = min(KEPT, len(scores))
    at = np.argpartition(-scores, keep - 1)[:keep] if keep < len(scores) else np.arange(keep)
    at = at[np.isfinite(scores[at])]
    order = at[np.lexsort((ids[at], -scores[at]))]
    return _stored(zip(ids[order].tolist(), scores[order].tolist(), strict=True))


def unlinked(content_type_id: int) -> list[int]:
    """Object ids of the documents that have no list."""
    docs = SearchDocument.objects.filter(
        content_type_id=content_type_id, neighbour_list__isnull=True
    )
    return sorted(docs.values_list("object_id", flat=True))


def link_all(
    content_type_id: int, *, only_unlinked: bool = False, progress: Progress | None = None
) -> int:
    """Compute exact lists for every document of the type (or, with ``only_unlinked``, for those
    without one, offering them to the others); return how many lists were written.

    Brute force over all vectors, a matrix product per ``BATCH`` documents (figures for
    100,000 in docs/search.md)."""
    ids, matrix = _matrix(content_type_id)
    if not len(ids):
        return 0
    position = {int(pk): at for at, pk in enumerate(ids.tolist())}
    targets = np.asarray(unlinked(content_type_id) if only_unlinked else ids, dtype=np.int64)
    floors = _floors(content_type_id, ids) if only_unlinked else None
    written = 0
    for start in range(0, len(targets), BATCH):
        chunk = targets[start : start + BATCH]
        at = np.asarray([position[int(pk)] for pk in chunk.tolist()], dtype=np.int64)
        scores = matrix[at] @ matrix.T
        scores[np.arange(len(at)), at] = -np.inf  # not one's own neighbour
        lists = {int(pk): _best(row, ids) for pk, row in zip(chunk.tolist(), scores, strict=True)}
        with transaction.atomic():
            written += _save(content_type_id, lists)
            if floors is not None:
                _offer(content_type_id, _reverse_offers(scores, chunk, ids, floors, set(lists)))
        if progress:
            progress(len(chunk), len(targets))
    return written


def _floors(content_type_id: int, ids: NDArray[np.int64]) -> NDArray[np.float32]:
    """Each document's floor in the order of ``ids``; +inf for unlinked ones (they get exact
    lists of their own in the same pass, so nothing is offered to them)."""
    rows = NeighbourList.objects.filter(document__content_type_id=content_type_id)
    known = dict(rows.values_list("document__object_id", "floor"))
    return np.asarray([known.get(pk, np.inf) for pk in ids.tolist()], dtype=np.float32)


def _reverse_offers(
    scores: NDArray[np.float32],
    chunk: NDArray[np.int64],
    ids: NDArray[np.int64],
    floors: NDArray[np.float32],
    skip: set[int],
) -> dict[int, list[Hit]]:
    """For each linked document, the (at most ``KEPT``) documents of this chunk above its
    floor: a list with room left would otherwise be offered the whole chunk."""
    offers: dict[int, list[Hit]] = {}
    above = scores > floors[None, :]
    for column in np.flatnonzero(above.any(axis=0)).tolist():
        holder = int(ids[column])
        if holder in skip:
            continue
        values = np.where(above[:, column], scores[:, column], -np.inf)
        offers[holder] = [(int(pk), float(score)) for pk, score in _best(values, chunk)]
    return offers
