"""Why a submission stayed short of reviewers, and the next-best reviewer for a tie-break."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from django.utils.translation import gettext as _
from numpy.typing import NDArray

from search.encoders import Encoder

from .affinity import RegionOf, compute_affinities, normalise_name
from .types import Assignment, Id, Pair, Policy, ReviewerIn, Shortfall, SubmissionIn

if TYPE_CHECKING:
    from .affinity import AffinityTable
    from .solver import Demand


def conflicting_organisations(submission: SubmissionIn, reviewer: ReviewerIn) -> list[str]:
    """The submission's organisations that are the reviewer's own or a declared conflict."""
    theirs = {normalise_name(o) for o in (reviewer.organisation, *reviewer.conflicts) if o.strip()}
    return [o for o in submission.organisations if normalise_name(o) in theirs]


def _conflicted(submission: SubmissionIn, reviewer: ReviewerIn) -> bool:
    """Return True when an organisation of the submission is the reviewer's or a declared conflict."""
    return bool(conflicting_organisations(submission, reviewer))


def side_reason(
    submission: SubmissionIn,
    side: Sequence[tuple[int, ReviewerIn]],
    eligible_row: NDArray[np.bool_],
    need: int,
    label: str,
) -> str:
    """Name the first rule that leaves fewer than ``need`` reviewers of one side for a submission."""
    lang = submission.language
    readers = [(j, r) for j, r in side if lang.casefold() in {x.casefold() for x in r.languages}]
    if len(readers) < need:
        if not readers:
            return f"no eligible {label} reviewer reads {lang}"
        return f"only {len(readers)} {label} reviewer(s) read {lang}"
    free = [j for j, r in readers if not _conflicted(submission, r)]
    if len(free) < need:
        return f"conflicts: only {len(free)} {label} reviewer(s) reading {lang} have no conflict"
    if int(eligible_row[free].sum()) < need:
        return f"forbidden pairs: only {int(eligible_row[free].sum())} eligible {label} reviewer(s)"
    return f"load caps exhausted: the eligible {label} reviewers are fully loaded"


def shortfalls(
    table: AffinityTable,
    submissions: Sequence[SubmissionIn],
    reviewers: Sequence[ReviewerIn],
    demand: Demand,
    chosen: Iterable[tuple[int, int]],
) -> list[Shortfall]:
    """Report every submission whose composition the flow could not complete, with a reason."""
    got_internal = np.zeros(len(submissions), dtype=np.int64)
    got_external = np.zeros(len(submissions), dtype=np.int64)
    for i, j in chosen:
        if reviewers[j].internal:
            got_internal[i] += 1
        else:
            got_external[i] += 1
    internal_side = [(j, r) for j, r in enumerate(reviewers) if r.internal]
    external_side = [(j, r) for j, r in enumerate(reviewers) if not r.internal]
    out = []
    for i, sub in enumerate(submissions):
        miss_int = int(demand.need_internal[i] - got_internal[i])
        miss_ext = int(demand.need_external[i] - got_external[i])
        if miss_int == 0 and miss_ext == 0:
            continue
        row = table.eligible[i] & ~demand.pinned[i]
        reasons = []
        if miss_int:
            reasons.append(
                side_reason(sub, internal_side, row, int(demand.need_internal[i]), "internal")
            )
        if miss_ext:
            reasons.append(
                side_reason(sub, external_side, row, int(demand.need_external[i]), "external")
            )
        out.append(Shortfall(sub.id, miss_int, miss_ext, "; ".join(reasons)))
    return out


def suggest_additional(
    submission: SubmissionIn,
    reviewers: Sequence[ReviewerIn],
    already_assigned: Collection[Id],
    *,
    encoder: Encoder,
    policy: Policy | None = None,
    k: int = 1,
    loads: Mapping[Id, int] | None = None,
    internal: bool | None = None,
    forbid: Iterable[Pair] = (),
    region_of: RegionOf | None = None,
) -> list[Assignment]:
    """Return up to ``k`` best eligible reviewers not yet on ``submission`` (tie-break, re-invite).

    ``loads`` gives each reviewer's current number of active reviews: reviewers at their cap are
    skipped. ``internal`` restricts the side (None: either). Best affinity first, ties by id.
    """
    policy = policy or Policy()
    loads = loads or {}
    table = compute_affinities(
        [submission], reviewers, policy, encoder, forbid=forbid, region_of=region_of
    )
    taken = set(already_assigned)
    candidates = [
        j
        for j, r in enumerate(reviewers)
        if table.eligible[0, j]
        and r.id not in taken
        and loads.get(r.id, 0) < r.load_cap(policy)
        and (internal is None or r.internal == internal)
    ]
    candidates.sort(key=lambda j: (-table.affinity[0, j], str(reviewers[j].id)))
    return [
        Assignment(
            submission=submission.id,
            reviewer=reviewers[j].id,
            affinity=round(float(table.affinity[0, j]), 6),
            components=table.components(0, j),
        )
        for j in candidates[:k]
    ]


SIMILAR_TEXT = 0.2  # text cosine from which the two texts are said to share a topic


def suggestion_reasons(
    submission: SubmissionIn,
    reviewer: ReviewerIn,
    components: Mapping[str, float],
    *,
    language_name: str = "",
) -> list[str]:
    """Why a reviewer was suggested, as short phrases for the Hub team ("works on the same GCM
    objectives (10, 7)", "reads Spanish", "similar topic"), strongest evidence first."""
    reasons = []
    theirs = set(reviewer.objectives)
    shared = [str(o) for o in submission.objectives if o in theirs]
    if shared:
        reasons.append(
            _("works on the same GCM objectives (%(objectives)s)")
            % {"objectives": ", ".join(shared)}
        )
    if language_name:
        reasons.append(_("reads %(language)s") % {"language": language_name})
    if components.get("text", 0.0) >= SIMILAR_TEXT:
        reasons.append(_("similar topic"))
    region = components.get("region", 0.0)
    if region >= 1.0:
        reasons.append(_("knows the countries concerned"))
    elif region > 0.0:
        reasons.append(_("knows countries of the same region"))
    return reasons or [_("the closest match available")]
