"""Upper bounds on the matching objective, independent of the flow solver.

Relax "exactly ``internal``/``external`` reviewers" to "at most" (affinities are ≥ 0, so this can
only raise the optimum) and move the load caps into the objective with prices ``λ_j ≥ 0``::

    L(λ) = Σ_j λ_j·room_j + Σ_i Σ_side  sum of the need_side(i) largest positive (a_ij − λ_j)

Every ``L(λ)`` bounds the optimum from above. ``λ = 0`` is the simple bound "each submission gets
its best eligible reviewers, ignoring load caps"; a few subgradient steps tighten it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .affinity import AffinityTable
from .solver import Demand
from .types import ReviewerIn


def _best_k(values: NDArray[np.float64], need: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Mark, per row, the ``need[i]`` largest positive entries of ``values``."""
    chosen = np.zeros(values.shape, dtype=bool)
    k = int(min(need.max(initial=0), values.shape[1]))
    if k == 0:
        return chosen
    top = np.argpartition(-values, k - 1, axis=1)[:, :k]
    top_values = np.take_along_axis(values, top, axis=1)
    order = np.argsort(-top_values, axis=1)
    top = np.take_along_axis(top, order, axis=1)
    top_values = np.take_along_axis(top_values, order, axis=1)
    keep = (np.arange(k)[None, :] < need[:, None]) & (top_values > 0)
    rows = np.repeat(np.arange(values.shape[0]), k).reshape(-1, k)
    chosen[rows[keep], top[keep]] = True
    return chosen


def _dual_value(
    table: AffinityTable, internal: NDArray[np.bool_], demand: Demand, prices: NDArray[np.float64]
) -> tuple[float, NDArray[np.bool_]]:
    """Return ``L(prices)`` for the unpinned part and the pairs that attain it."""
    usable = table.eligible & ~demand.pinned
    reduced = np.where(usable, table.affinity - prices[None, :], -np.inf)
    chosen = np.zeros(reduced.shape, dtype=bool)
    for side, need in ((internal, demand.need_internal), (~internal, demand.need_external)):
        chosen[:, side] = _best_k(reduced[:, side], need)
    value = float(prices @ demand.room) + float(reduced[chosen].sum())
    return value, chosen


def lagrangian_bound(
    table: AffinityTable,
    reviewers: Sequence[ReviewerIn],
    demand: Demand,
    *,
    target: float,
    iterations: int = 60,
) -> tuple[float, float]:
    """Return ``(simple_bound, best_bound)`` on the total objective, pins included.

    ``target`` (a feasible objective, e.g. the solver's) steers the Polyak step size.
    """
    internal = np.array([r.internal for r in reviewers], dtype=bool)
    pinned_value = float(table.affinity[demand.pinned].sum())
    prices = np.zeros(len(reviewers), dtype=np.float64)
    simple, chosen = _dual_value(table, internal, demand, prices)
    best, step_scale = simple, 1.0
    for _ in range(iterations):
        gradient = demand.room - chosen.sum(axis=0)
        norm = float(gradient @ gradient)
        if norm == 0:
            break
        gap = max(best + pinned_value - target, 1e-9)
        prices = np.maximum(prices - step_scale * gap / norm * gradient, 0.0)
        value, chosen = _dual_value(table, internal, demand, prices)
        if value < best:
            best = value
        else:
            step_scale *= 0.7
    return simple + pinned_value, best + pinned_value
