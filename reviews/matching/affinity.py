"""Affinity of every (submission, reviewer) pair and the hard feasibility rules, vectorised.

``affinity = w_topic·topic + w_text·text + w_region·region`` (see :class:`AffinityWeights`), each
component in [0, 1]. A pair is *eligible* when the reviewer reads the submission's language, no
organisation of the submission is the reviewer's own or one of their declared conflicts (compared
case-insensitively with whitespace collapsed), and a curator has not forbidden it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django_countries_hdx import get_country_data
from numpy.typing import NDArray

from search.encoders import Encoder, encode_unique

from .m49 import SUBREGION_OF
from .types import Id, Pair, Policy, ReviewerIn, SubmissionIn

RegionOf = Callable[[str], str | None]
Matrix = NDArray[np.float64]
Mask = NDArray[np.bool_]

PRIMARY_WEIGHT = 1.0
SECONDARY_WEIGHT = 0.5
SUBREGION_CREDIT = 0.5


def normalise_name(name: str) -> str:
    """Return an organisation name case-folded with whitespace collapsed, for comparisons."""
    return " ".join(name.split()).casefold()


def _indicator(rows: Sequence[Iterable[str]], vocab: dict[str, int]) -> Matrix:
    """Return a 0/1 matrix with a 1 where row ``i`` contains vocabulary item ``k``."""
    out = np.zeros((len(rows), max(len(vocab), 1)), dtype=np.float64)
    for i, items in enumerate(rows):
        for item in items:
            if item in vocab:
                out[i, vocab[item]] = 1.0
    return out


def _vocab(*groups: Sequence[Iterable[str]]) -> dict[str, int]:
    """Return a stable index of every item appearing in the groups."""
    vocab: dict[str, int] = {}
    for rows in groups:
        for items in rows:
            for item in items:
                vocab.setdefault(item, len(vocab))
    return vocab


@lru_cache(maxsize=512)
def m49_subregion(country: str) -> str | None:
    """Return the UN M49 intermediate or sub-region code of an ISO alpha-2 country, if known.

    Reads the table in :mod:`.m49`; other codes (ISO alpha-3, unknown ones) are looked up in
    django-countries-hdx, which is imported on first use (about half a second).
    """
    code = SUBREGION_OF.get(country.upper())
    if code is not None:
        return code

    data = get_country_data(country.upper()) or {}
    code = data.get("Intermediate Region Code") or data.get("Sub-region Code")
    return str(code) if code else None


@dataclass
class AffinityTable:
    """Dense ``S × R`` matrices: affinity, its components and the eligibility mask."""

    submission_ids: list[Id]
    reviewer_ids: list[Id]
    affinity: Matrix
    topic: Matrix
    text: Matrix
    region: Matrix
    eligible: Mask

    def components(self, i: int, j: int) -> dict[str, float]:
        """Return the explanation of pair ``(i, j)``: each component, rounded for display."""
        return {
            "topic": round(float(self.topic[i, j]), 4),
            "text": round(float(self.text[i, j]), 4),
            "region": round(float(self.region[i, j]), 4),
        }

    def feasible_pairs(self) -> list[tuple[Id, Id, float]]:
        """Return ``[sid, rid, affinity]`` for every eligible pair, submission-major."""
        rows, cols = np.nonzero(self.eligible)
        values = self.affinity[rows, cols]
        return [
            (self.submission_ids[i], self.reviewer_ids[j], round(float(v), 6))
            for i, j, v in zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True)
        ]


def topic_scores(submissions: Sequence[SubmissionIn], reviewers: Sequence[ReviewerIn]) -> Matrix:
    """Share of each submission's objective weight the reviewer covers (primary 1, others ½)."""
    vocab = _vocab([[str(o) for o in s.objectives] for s in submissions])
    weights = np.zeros((len(submissions), max(len(vocab), 1)), dtype=np.float64)
    for i, sub in enumerate(submissions):
        for rank, objective in enumerate(dict.fromkeys(sub.objectives)):
            weights[i, vocab[str(objective)]] = PRIMARY_WEIGHT if rank == 0 else SECONDARY_WEIGHT
    totals = weights.sum(axis=1, keepdims=True)
    weights = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    known = _indicator([[str(o) for o in r.objectives] for r in reviewers], vocab)
    return weights @ known.T


def region_scores(
    submissions: Sequence[SubmissionIn],
    reviewers: Sequence[ReviewerIn],
    region_of: RegionOf | None = None,
) -> Matrix:
    """Mean credit over the submission's countries: 1 if the reviewer knows the country, else ½
    if they know another country of its sub-region (``region_of``), else 0. No countries → 0.
    """
    sub_countries = [[c.upper() for c in s.countries] for s in submissions]
    rev_countries = [[c.upper() for c in r.countries] for r in reviewers]
    vocab = _vocab(sub_countries)
    shares = _indicator(sub_countries, vocab)
    counts = shares.sum(axis=1, keepdims=True)
    shares = np.divide(shares, counts, out=np.zeros_like(shares), where=counts > 0)
    credit = _indicator(rev_countries, vocab)
    if region_of is not None and vocab:
        regions = {c: region_of(c) for c in vocab} | {
            c: region_of(c) for r in rev_countries for c in r
        }
        region_vocab = _vocab([[g for g in regions.values() if g]])
        rev_regions = _indicator(
            [[regions[c] or "" for c in r] for r in rev_countries], region_vocab
        )
        country_region = _indicator([[regions[c] or ""] for c in vocab], region_vocab)
        credit = np.maximum(credit, SUBREGION_CREDIT * (rev_regions @ country_region.T > 0))
    return shares @ credit.T


def text_scores(
    submissions: Sequence[SubmissionIn], reviewers: Sequence[ReviewerIn], encoder: Encoder
) -> Matrix:
    """Cosine of the sentence vectors of submission and reviewer texts, clipped to [0, 1]."""
    vectors = encode_unique(encoder, [s.text for s in submissions] + [r.text for r in reviewers])
    sub, rev = vectors[: len(submissions)], vectors[len(submissions) :]
    return np.clip(sub.astype(np.float64) @ rev.T.astype(np.float64), 0.0, 1.0)


def eligibility(
    submissions: Sequence[SubmissionIn],
    reviewers: Sequence[ReviewerIn],
    forbid: Iterable[Pair] = (),
) -> Mask:
    """Return the hard-feasibility mask: language read, no conflict, not forbidden."""
    languages = [[s.language.casefold()] for s in submissions]
    reads = [[lang.casefold() for lang in r.languages] for r in reviewers]
    lang_vocab = _vocab(languages, reads)
    mask = _indicator(languages, lang_vocab) @ _indicator(reads, lang_vocab).T > 0
    sub_orgs = [[normalise_name(o) for o in s.organisations if o.strip()] for s in submissions]
    rev_orgs = [
        [normalise_name(o) for o in (r.organisation, *r.conflicts) if o.strip()] for r in reviewers
    ]
    org_vocab = _vocab(sub_orgs)
    if org_vocab:
        mask &= _indicator(sub_orgs, org_vocab) @ _indicator(rev_orgs, org_vocab).T == 0
    row = {sid: i for i, sid in enumerate(s.id for s in submissions)}
    col = {rid: j for j, rid in enumerate(r.id for r in reviewers)}
    for sid, rid in forbid:
        if sid in row and rid in col:
            mask[row[sid], col[rid]] = False
    return mask


def compute_affinities(
    submissions: Sequence[SubmissionIn],
    reviewers: Sequence[ReviewerIn],
    policy: Policy,
    encoder: Encoder,
    *,
    forbid: Iterable[Pair] = (),
    region_of: RegionOf | None = None,
) -> AffinityTable:
    """Score every pair and mark the eligible ones (see the module docstring for the formula)."""
    w = policy.weights
    topic = topic_scores(submissions, reviewers)
    text = text_scores(submissions, reviewers, encoder)
    region = region_scores(submissions, reviewers, region_of)
    return AffinityTable(
        submission_ids=[s.id for s in submissions],
        reviewer_ids=[r.id for r in reviewers],
        affinity=w.topic * topic + w.text * text + w.region * region,
        topic=topic,
        text=text,
        region=region,
        eligible=eligibility(submissions, reviewers, forbid),
    )
