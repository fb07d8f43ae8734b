"""Reciprocal rank fusion of the lexical and semantic ranked lists.

``score(d) = 1 / (k + rank_sem(d)) + w_lex * agreement / (k + rank_lex(d))`` with ranks from 1.
Plain RRF (equal weights, k = 60) let lexical noise push good semantic matches down: on the
benchmark it scored 0.12 MRR below semantic-only on cross-lingual queries. Three guards, each with
a reason, make hybrid at least as good as the better single list on both query groups:

- **trust the lexical list only near its top**: an OR query over a few words matches much of the
  corpus with small BM25 / ts_rank scores, so only hits scoring at least ``min_relative`` of the
  best lexical hit, and at most ``lexical_depth`` of them, are fused;
- **weigh lexical by its agreement with the semantic list**: ``agreement`` is the share of the
  semantic top ``agreement_depth`` that the lexical search also found. When the answer is written
  in another language than the query, lexical search cannot see it and its hits are off-topic:
  agreement is low and the semantic order stands. When both retrievers see the same documents
  (same-language queries), agreement is high and lexical precision on rare words (names, exact
  terms) reorders the top;
- **drop false friends**: a lexical hit whose cosine with the query is below
  ``min_semantic`` of the best semantic cosine shares words but not meaning (French « traite »,
  trafficking, folds to « traité », treaty) and is not fused;
- **semantic weighs twice as much** (``lexical_weight`` = 0.5), and ``k`` = 20 rather than 60:
  the lists are short (≤ 100) and MRR rewards the top, so a flatter curve only adds noise.

The parameters were chosen on ``bench/data`` by a grid over k ∈ {5…60}, weights, thresholds and
depths; the result sits on a plateau (neighbouring values change MRR by < 0.02), see
docs/search.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .backends.lexical import Hit


@dataclass(frozen=True)
class FusionParams:
    k: int = 20
    semantic_weight: float = 1.0
    lexical_weight: float = 0.5
    min_relative: float = 0.75
    lexical_depth: int = 10
    agreement_depth: int = 10
    min_semantic: float = 0.5


DEFAULT_FUSION = FusionParams()


def trusted_lexical(
    hits: Sequence[Hit], cosines: Mapping[int, float], params: FusionParams = DEFAULT_FUSION
) -> list[int]:
    """The lexical ids worth fusing: strong relative to the best lexical hit, near the top,
    and not semantically far off (``cosines``: the query's cosine with each lexical hit)."""
    if not hits or hits[0][1] <= 0:
        return []
    floor = params.min_relative * hits[0][1]
    best_cosine = max(cosines.values(), default=0.0)
    plausible = params.min_semantic * best_cosine
    kept = [pk for pk, score in hits if score >= floor and cosines.get(pk, 0.0) >= plausible]
    return kept[: params.lexical_depth]


def agreement(semantic: Sequence[int], lexical: Sequence[Hit], depth: int) -> float:
    """Share of the semantic top ``depth`` that the lexical search found at all (out of
    ``depth``, so a corpus smaller than ``depth`` never reaches full agreement)."""
    found = {pk for pk, _score in lexical}
    return sum(pk in found for pk in semantic[:depth]) / max(depth, 1)


def fuse(
    semantic: Sequence[Hit],
    lexical: Sequence[Hit],
    cosines: Mapping[int, float],
    params: FusionParams = DEFAULT_FUSION,
) -> list[int]:
    """Ids ranked by the guarded reciprocal rank fusion (ties: semantic order, then id).

    ``cosines`` maps ids to their cosine with the query: the semantic hits and the lexical ones.
    """
    ranked = [pk for pk, _score in semantic]
    scores: dict[int, float] = {}
    for rank, pk in enumerate(ranked, start=1):
        scores[pk] = params.semantic_weight / (params.k + rank)
    weight = params.lexical_weight * agreement(ranked, lexical, params.agreement_depth)
    for rank, pk in enumerate(trusted_lexical(lexical, cosines, params), start=1):
        scores[pk] = scores.get(pk, 0.0) + weight / (params.k + rank)
    position = {pk: i for i, pk in enumerate(ranked)}
    return sorted(scores, key=lambda pk: (-scores[pk], position.get(pk, len(position)), pk))
