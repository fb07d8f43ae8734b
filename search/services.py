"""Writes to the search index: index one item, remove one, rebuild or refresh everything.

The index holds the items each app's ``search.py`` declares indexable (published practices and
resources). Content services call :func:`search.tasks.index_item_task` after a change; ``reindex``
(and ``reindex --stale``) repairs whatever a missed task left behind.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django_tasks import TaskResultStatus
from numpy.typing import NDArray

from core.tasks import task_named

from .backends.cjk import cjk_bigrams
from .backends.schema import ensure_schema, vector_index_suspended
from .backends.vectors import forget_pgvector, index_changed, write_pgvector
from .models import MissedSearch, NeighbourList, SearchDocument
from .neighbours import link_all, link_items, unlink_items, unlinked
from .registry import Contribution, DocumentText, contributions, for_key, for_model
from .vectorise import document_vectors

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (items just done, total items of this pass)
DOCUMENT_FIELDS = ["language", "title", "body", "vector", "source_updated_at", "indexed_at"]


@dataclass
class ReindexResult:
    indexed: int = 0
    removed: int = 0
    linked: int = 0


def lexical_text(doc: DocumentText) -> str:
    return "\n".join(part for part in (doc.summary, doc.body) if part.strip())


def _fill(row: SearchDocument, item: Any, doc: DocumentText, vector: NDArray[np.float32]) -> None:
    row.language = doc.language
    # Chinese runs become character pairs: the lexical index has no word breaker for them.
    row.title = cjk_bigrams(doc.title)
    row.body = cjk_bigrams(lexical_text(doc))
    row.vector = np.asarray(vector, dtype=np.float32).tobytes()
    row.source_updated_at = getattr(item, "updated_at", None)
    row.indexed_at = timezone.now()


def index_items(contribution: Contribution, items: Sequence[Model], *, link: bool = True) -> int:
    """Write the documents of ``items`` (all indexable) in one batch; return how many.

    The texts are encoded before the transaction opens: on SQLite a transaction holds the write
    lock from its start, and several workers indexing at once would otherwise wait for each
    other's encoder. With ``link`` their nearest-neighbour lists are computed too (and offered
    to their neighbours); ``reindex`` links everything in one pass at the end instead."""
    if not items:
        return 0
    docs = [contribution.document(item) for item in items]
    vectors = document_vectors(docs)
    _write_documents(contribution, items, docs, vectors, link=link)
    return len(items)


@transaction.atomic
def _write_documents(
    contribution: Contribution,
    items: Sequence[Model],
    docs: list[DocumentText],
    vectors: NDArray[np.float32],
    *,
    link: bool,
) -> None:
    content_type = ContentType.objects.get_for_model(contribution.model)
    rows = SearchDocument.objects.filter(content_type=content_type)
    found = rows.filter(object_id__in=[item.pk for item in items])
    existing = {row.object_id: row for row in found}
    new: list[SearchDocument] = []
    old: list[SearchDocument] = []
    for item, doc, vector in zip(items, docs, vectors, strict=True):
        row = existing.get(item.pk) or SearchDocument(content_type=content_type, object_id=item.pk)
        _fill(row, item, doc, vector)
        (old if row.pk else new).append(row)
    SearchDocument.objects.bulk_create(new)
    SearchDocument.objects.bulk_update(old, DOCUMENT_FIELDS)
    write_pgvector([(row.pk, row.as_array()) for row in new + old])
    if old and not link:  # its vector changed with its text: unlinked until the caller links
        NeighbourList.objects.filter(document__in=[row.pk for row in old]).delete()
    index_changed(content_type.pk)
    if link:
        link_items(content_type.pk, [item.pk for item in items])


@transaction.atomic
def remove_ids(model: type[Model] | str, ids: Iterable[int]) -> int:
    """Drop the documents of these items; return how many existed."""
    content_type = ContentType.objects.get_for_model(for_model(model).model)
    ids = list(ids)
    unlink_items(content_type.pk, ids)
    docs = SearchDocument.objects.filter(content_type=content_type, object_id__in=ids)
    removed = docs.delete()[1].get(SearchDocument._meta.label, 0)  # not their lists
    if removed:
        index_changed(content_type.pk)
    return removed


def remove_item(item: Model) -> int:
    """Take one item out of the index (unpublished, deleted)."""
    return remove_ids(type(item), [item.pk])


def index_item(item: Model) -> bool:
    """Bring one item's document up to date: written if indexable, removed otherwise.

    Returns True when the item is in the index afterwards.
    """
    contribution = for_model(type(item))
    fresh = contribution.queryset().filter(pk=item.pk).first()
    if fresh is None:
        remove_item(item)
        return False
    index_items(contribution, [fresh])
    return True


def stale_queryset(contribution: Contribution) -> QuerySet:
    """Indexable items without a document, or changed since their document was written."""
    content_type = ContentType.objects.get_for_model(contribution.model)
    written = SearchDocument.objects.filter(content_type=content_type, object_id=OuterRef("pk"))
    qs = contribution.queryset().annotate(
        indexed_source=Subquery(written.values("source_updated_at")[:1]),
        has_document=Subquery(written.values("pk")[:1]),
    )
    missing = Q(has_document__isnull=True)
    if any(f.name == "updated_at" for f in contribution.model._meta.concrete_fields):
        missing |= Q(indexed_source__isnull=True) | Q(updated_at__gt=F("indexed_source"))
    return qs.filter(missing)


def orphan_documents(contribution: Contribution) -> QuerySet[SearchDocument]:
    """Documents whose item is gone or no longer indexable (e.g. unpublished)."""
    content_type = ContentType.objects.get_for_model(contribution.model)
    docs = SearchDocument.objects.filter(content_type=content_type)
    return docs.exclude(object_id__in=contribution.queryset().order_by().values("pk"))


CHUNK_TASK = "search.tasks.index_chunk_task"
CHUNK_SIZE = 500  # items a chunk task indexes: about 5 s of encoding, a fine-grained progress bar
POLL_SECONDS = 0.5
IDLE_WARNING_SECONDS = 60  # no chunk taken for this long: say the workers may be missing


@dataclass(frozen=True)
class Chunk:
    """A slice of one contribution's items to index, by primary key (both ends included)."""

    key: str
    first: int
    last: int
    items: int  # when planned (the task indexes whatever is indexable, or stale, by then)


def plan_chunks(contribution: Contribution, qs: QuerySet, size: int) -> list[Chunk]:
    """``qs`` (items of ``contribution``) cut into runs of ``size`` consecutive primary keys."""
    pks = list(qs.order_by("pk").values_list("pk", flat=True))
    size = max(1, size)
    return [
        Chunk(
            contribution.key, pks[at], pks[min(at + size, len(pks)) - 1], len(pks[at : at + size])
        )
        for at in range(0, len(pks), size)
    ]


def index_chunk(key: str, first: int, last: int, *, stale: bool = False, batch: int = 200) -> int:
    """Index the items of contribution ``key`` whose primary key is in ``first``..``last``
    (with ``stale``, only those changed since they were indexed); return how many.

    Idempotent, as a task delivered twice must be: running it again rewrites the same documents
    (or, with ``stale``, finds nothing left to do). Items unpublished since the chunk was planned
    are skipped; their documents are removed by their own index task or the next ``reindex``."""
    contribution = for_key(key)
    qs = stale_queryset(contribution) if stale else contribution.queryset()
    qs = qs.filter(pk__gte=first, pk__lte=last)
    done, after = 0, first - 1
    while True:
        items = list(qs.filter(pk__gt=after).order_by("pk")[: max(1, batch)])
        if not items:
            return done
        done += index_items(contribution, items, link=False)
        after = items[-1].pk


def _run_here(chunks: list[Chunk], stale: bool, batch: int, progress: Progress | None) -> int:
    total, done = sum(c.items for c in chunks), 0
    for chunk in chunks:
        done += index_chunk(chunk.key, chunk.first, chunk.last, stale=stale, batch=batch)
        if progress:
            progress(chunk.items, total)
    return done


def _run_on_workers(chunks: list[Chunk], stale: bool, batch: int, progress: Progress | None) -> int:
    """Enqueue one task per chunk and wait for all of them, reporting each as it ends.

    Workers take tasks in the order they were queued, so each round refreshes the pending
    results in that order and stops at the first one no worker has taken yet (a few queries a
    round, not one per chunk). A chunk whose task failed is run again here (chunks are
    idempotent); if it fails again, the error propagates."""
    task = task_named(CHUNK_TASK)
    total, done = sum(c.items for c in chunks), 0
    pending = [(task.enqueue(c.key, c.first, c.last, stale, batch), c) for c in chunks]
    moved, warned = time.monotonic(), False
    while pending:
        waiting = []
        looked = True
        for result, chunk in pending:
            if looked and not result.is_finished:
                result.refresh()
                looked = result.status != TaskResultStatus.READY
                moved = time.monotonic() if looked else moved
            if not result.is_finished:
                waiting.append((result, chunk))
                continue
            if result.status == TaskResultStatus.SUCCESSFUL:
                done += int(result.return_value or 0)
            else:
                logger.warning("index chunk %s failed on a worker, running it here", chunk)
                done += index_chunk(chunk.key, chunk.first, chunk.last, stale=stale, batch=batch)
            if progress:
                progress(chunk.items, total)
        pending = waiting
        if pending and not warned and time.monotonic() - moved > IDLE_WARNING_SECONDS:
            warned = True
            logger.warning(
                "no task worker has taken an index chunk for %d s: is a worker running"
                " (manage.py hub_worker)? reindex --here indexes without one",
                IDLE_WARNING_SECONDS,
            )
        if pending:
            time.sleep(POLL_SECONDS)
    return done


def index_chunks(
    chunks: list[Chunk],
    *,
    stale: bool = False,
    batch: int = 200,
    here: bool = False,
    progress: Progress | None = None,
) -> int:
    """Index every chunk: as tasks that the workers share (waiting for them), or in this
    process when ``here`` is set or there is at most one chunk; return the items indexed."""
    if here or len(chunks) <= 1:
        return _run_here(chunks, stale, batch, progress)
    return _run_on_workers(chunks, stale, batch, progress)


LINK_ONE_BY_ONE = 200  # fewer new lists than this: ask the vector store for each


def link_unlinked(content_type_id: int, progress: Progress | None = None) -> int:
    """Neighbour lists for the documents without one; return how many were computed."""
    ids = unlinked(content_type_id)
    if len(ids) <= LINK_ONE_BY_ONE:
        link_items(content_type_id, ids)
        if progress and ids:
            progress(len(ids), len(ids))
        return len(ids)
    return link_all(content_type_id, only_unlinked=True, progress=progress)


def reindex(
    progress: Progress | None = None,
    *,
    models: Sequence[str] | None = None,
    batch: int = 200,
    stale: bool = False,
    link_progress: Progress | None = None,
    chunk: int = CHUNK_SIZE,
    here: bool = False,
) -> ReindexResult:
    """Rebuild the index (or with ``stale``, only what changed); idempotent.

    ``models`` holds contribution keys (``practices``, ``resources``); default: all of them.
    The items are cut into chunks of ``chunk`` that run as tasks on every worker
    (:func:`index_chunks`; ``here`` runs them in this process), ``progress`` following all of
    them; ``batch`` items are encoded at once. Neighbour lists are computed at the end for every
    document that lacks one (all of them after a full rebuild), with ``link_progress``. A full
    rebuild on pgvector drops the HNSW index while it writes (updating it row by row ran at
    about 40 rows/s at 100,000) and builds it again afterwards.
    """
    ensure_schema(connection)
    forget_pgvector()
    chosen = [for_key(key) for key in models] if models else list(contributions())
    result = ReindexResult()
    planned: list[Chunk] = []
    for contribution in chosen:
        content_type = ContentType.objects.get_for_model(contribution.model)
        orphans = orphan_documents(contribution).values_list("object_id", flat=True)
        result.removed += remove_ids(contribution.model, list(orphans))
        index_changed(content_type.pk)
        qs = stale_queryset(contribution) if stale else contribution.queryset()
        planned += plan_chunks(contribution, qs, chunk)
    with vector_index_suspended(connection, rows=sum(c.items for c in planned)):
        result.indexed = index_chunks(
            planned, stale=stale, batch=batch, here=here, progress=progress
        )
    for contribution in chosen:
        content_type = ContentType.objects.get_for_model(contribution.model)
        result.linked += link_unlinked(content_type.pk, link_progress)
    return result


def missed_search_record(*, objectives: Iterable[int] = (), day: Any = None) -> None:
    """Count one search that found nothing, once under each GCM objective (by number) chosen
    with it, or under 0 when none was. No audit event: nothing here says who searched."""
    day = day or timezone.localdate()
    for number in sorted(set(objectives)) or [0]:
        rows = MissedSearch.objects.filter(day=day, objective=number)
        if rows.update(count=F("count") + 1):
            continue
        try:
            with transaction.atomic():
                MissedSearch.objects.create(day=day, objective=number, count=1)
        except IntegrityError:  # another request created it in between
            rows.update(count=F("count") + 1)
