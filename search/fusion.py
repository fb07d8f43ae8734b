"""Fusion of the semantic and lexical lists: the cosine decides, lexical only nudges.

The semantic side ranks every candidate by its cosine with the query. The lexical side never adds
an item: it can only raise items the semantic side already retrieved (above the relevance
floor, see ``search.selectors``), by at most ``boost`` cosine points:

    score(d) = cos(d) + boost · gate(agreement) · lex(d) / lex(best lexical hit)

- **only strong lexical hits count**: hits scoring at least ``min_relative`` of the best lexical
  score, at most ``lexical_depth`` of them (an OR query over common words matches much of the
  corpus weakly);
- **agreement gates the boost**: ``agreement`` is the share of the semantic top
  ``agreement_depth`` that lexical search found at all. Below ``gate`` (0.5) the boost is zero;
  above it, it grows linearly to ``boost`` at full agreement. When the answer is written in
  another language than the query, lexical search cannot see it and matches off-topic items
  sharing a word (« traite », trafficking, folds to « Traité », treaty): agreement stays low and
  the semantic order stands. When both sides see the same documents (same-language queries),
  lexical precision on names and exact terms reorders the top;
- **bounded**: an item can overtake another only when its cosine is within the boost of it, so
  a semantic top hit clearly ahead of the rest stays first whatever lexical search says.

Reciprocal rank fusion (before this) let lexical noise pass good cross-lingual matches: on a
held-out set it scored below semantic alone. The parameters come from a grid on ``bench/data``
(boost 0.1–0.4, gate 0–0.5, relative floor 0.5–0.75); see docs/search.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .backends.lexical import Hit


@dataclass(frozen=True)
class FusionParams:
    boost: float = 0.3
    gate: float = 0.5
    min_relative: float = 0.75
    lexical_depth: int = 10
    agreement_depth: int = 10


DEFAULT_FUSION = FusionParams()


def trusted_lexical(hits: Sequence[Hit], params: FusionParams = DEFAULT_FUSION) -> list[Hit]:
    """The lexical hits worth fusing: strong relative to the best one, and near the top."""
    if not hits or hits[0][1] <= 0:
        return []
    floor = params.min_relative * hits[0][1]
    return [(pk, score) for pk, score in hits if score >= floor][: params.lexical_depth]


def agreement(semantic: Sequence[int], lexical: Sequence[Hit], depth: int) -> float:
    """Share of the semantic top ``depth`` that the lexical search found at all (out of
    ``depth``, so a corpus smaller than ``depth`` never reaches full agreement)."""
    found = {pk for pk, _score in lexical}
    return sum(pk in found for pk in semantic[:depth]) / max(depth, 1)


def lexical_weight(semantic: Sequence[int], lexical: Sequence[Hit], params: FusionParams) -> float:
    """The cosine points the best lexical hit may gain: zero below the agreement gate."""
    share = agreement(semantic, lexical, params.agreement_depth)
    if share <= params.gate:
        return 0.0
    return params.boost * (share - params.gate) / (1.0 - params.gate)


def fuse(
    semantic: Sequence[Hit], lexical: Sequence[Hit], params: FusionParams = DEFAULT_FUSION
) -> list[int]:
    """The ids of :func:`fused`, best first."""
    return [pk for pk, _score in fused(semantic, lexical, params)]


def fused(
    semantic: Sequence[Hit], lexical: Sequence[Hit], params: FusionParams = DEFAULT_FUSION
) -> list[Hit]:
    """The semantic hits (``(id, cosine)`` pairs, best first) rescored by the bounded lexical
    boost, best first; lexical hits the semantic side did not retrieve are ignored. Ties keep
    the semantic order."""
    scores = dict(semantic)
    weight = lexical_weight([pk for pk, _cos in semantic], lexical, params)
    trusted = trusted_lexical(lexical, params) if weight else []
    best = trusted[0][1] if trusted else 1.0
    for pk, score in trusted:
        if pk in scores:
            scores[pk] += weight * score / best
    position = {pk: i for i, (pk, _cos) in enumerate(semantic)}
    ranked = sorted(scores, key=lambda pk: (-scores[pk], position[pk]))
    return [(pk, scores[pk]) for pk in ranked]
