"""The optimal assignment as a min-cost flow (OR-Tools), exact for this problem.

Network: source → (submission, internal) with capacity = internal reviewers still needed, and
source → (submission, external) likewise; (submission, side) → reviewer of that side, capacity 1,
cost −round(affinity·10⁶); reviewer → sink with capacity = load cap minus pinned load. A reviewer
is either internal or external, so one reviewer node and one load arc serve both sides. The
constraint matrix is totally unimodular, so the flow optimum *is* the integer optimum.

``solve_max_flow_with_min_cost`` first maximises the number of filled slots, then minimises the cost
among maximum flows: coverage comes first, then affinity. Pinned pairs are fixed beforehand and
count toward composition and load (even when they break a rule: a curator's pin is kept).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

from search.encoders import Encoder

from .affinity import AffinityTable, RegionOf, compute_affinities
from .explain import shortfalls
from .types import (
    Assignment,
    MatchingError,
    MatchResult,
    Pair,
    Policy,
    ReviewerIn,
    SubmissionIn,
)

COST_SCALE = 1_000_000
IntVector = NDArray[np.int64]


@dataclass
class Demand:
    """What is left to fill once pins are placed: slots per submission side, room per reviewer."""

    need_internal: IntVector
    need_external: IntVector
    room: IntVector
    pinned: NDArray[np.bool_]


def index_pairs(table: AffinityTable, pairs: Iterable[Pair], name: str) -> list[tuple[int, int]]:
    """Map ``[sid, rid]`` pairs to matrix indices; unknown ids raise :class:`MatchingError`."""
    row = {sid: i for i, sid in enumerate(table.submission_ids)}
    col = {rid: j for j, rid in enumerate(table.reviewer_ids)}
    out = []
    for k, (sid, rid) in enumerate(pairs):
        if sid not in row:
            raise MatchingError(f"{name}[{k}][0]", f"unknown submission id {sid!r}")
        if rid not in col:
            raise MatchingError(f"{name}[{k}][1]", f"unknown reviewer id {rid!r}")
        out.append((row[sid], col[rid]))
    return out


def place_pins(
    table: AffinityTable,
    reviewers: Sequence[ReviewerIn],
    policy: Policy,
    pins: list[tuple[int, int]],
) -> Demand:
    """Fix the pinned pairs and return the remaining demand and reviewer room."""
    n_sub, n_rev = table.affinity.shape
    internal = np.array([r.internal for r in reviewers], dtype=bool)
    pinned = np.zeros((n_sub, n_rev), dtype=bool)
    for i, j in pins:
        pinned[i, j] = True
    pinned_internal = pinned[:, internal].sum(axis=1)
    pinned_external = pinned[:, ~internal].sum(axis=1)
    caps = np.array([r.load_cap(policy) for r in reviewers], dtype=np.int64)
    return Demand(
        need_internal=np.maximum(policy.internal - pinned_internal, 0).astype(np.int64),
        need_external=np.maximum(policy.external - pinned_external, 0).astype(np.int64),
        room=np.maximum(caps - pinned.sum(axis=0), 0).astype(np.int64),
        pinned=pinned,
    )


def _flow_arcs(
    table: AffinityTable, internal: NDArray[np.bool_], demand: Demand
) -> tuple[NDArray[np.int32], NDArray[np.int32], IntVector]:
    """Return tails, heads and costs of the pair arcs worth adding (eligible, room on both ends)."""
    n_sub = table.affinity.shape[0]
    side_need = np.where(
        internal[None, :], demand.need_internal[:, None], demand.need_external[:, None]
    )
    usable = table.eligible & ~demand.pinned & (side_need > 0) & (demand.room[None, :] > 0)
    rows, cols = np.nonzero(usable)
    tails = (2 + 2 * rows + np.where(internal[cols], 0, 1)).astype(np.int32)
    heads = (2 + 2 * n_sub + cols).astype(np.int32)
    costs = -np.rint(table.affinity[rows, cols] * COST_SCALE).astype(np.int64)
    return tails, heads, costs


def _build_graph(
    table: AffinityTable, internal: NDArray[np.bool_], demand: Demand
) -> tuple[min_cost_flow.SimpleMinCostFlow, NDArray[np.int32], NDArray[np.int32]]:
    """Return the flow network and the tails and heads of its pair arcs (added after 2·S arcs)."""
    n_sub, n_rev = table.affinity.shape
    sides = 2 + np.arange(2 * n_sub, dtype=np.int32)  # (i, internal) = 2+2i, (i, external) = 3+2i
    revs = 2 + 2 * n_sub + np.arange(n_rev, dtype=np.int32)
    tails, heads, costs = _flow_arcs(table, internal, demand)
    need = np.column_stack([demand.need_internal, demand.need_external]).ravel()
    graph = min_cost_flow.SimpleMinCostFlow()
    graph.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.zeros(2 * n_sub, np.int32), tails, revs]),
        np.concatenate([sides, heads, np.ones(n_rev, np.int32)]),
        np.concatenate([need, np.ones(len(tails), np.int64), demand.room]).astype(np.int64),
        np.concatenate([np.zeros(2 * n_sub, np.int64), costs, np.zeros(n_rev, np.int64)]),
    )
    total = int(need.sum())
    graph.set_node_supply(0, total)  # source
    graph.set_node_supply(1, -total)  # sink
    return graph, tails, heads


def run_flow(
    table: AffinityTable, internal: NDArray[np.bool_], demand: Demand
) -> list[tuple[int, int]]:
    """Solve max-flow-min-cost and return the chosen ``(i, j)`` pairs."""
    n_sub = table.affinity.shape[0]
    graph, tails, heads = _build_graph(table, internal, demand)
    status = graph.solve_max_flow_with_min_cost()
    if status != graph.OPTIMAL:  # pragma: no cover - capacities and costs are always in range
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = graph.flows(np.arange(2 * n_sub, 2 * n_sub + len(tails))) > 0
    rows = (tails[used] - 2) // 2
    cols = heads[used] - (2 + 2 * n_sub)
    return list(zip(rows.tolist(), cols.tolist(), strict=True))


def solve_table(
    table: AffinityTable,
    submissions: Sequence[SubmissionIn],
    reviewers: Sequence[ReviewerIn],
    policy: Policy,
    *,
    pins: Iterable[Pair] = (),
) -> MatchResult:
    """Assign reviewers optimally over a precomputed :class:`AffinityTable`."""
    internal = np.array([r.internal for r in reviewers], dtype=bool)
    pin_idx = list(dict.fromkeys(index_pairs(table, pins, "pins")))
    demand = place_pins(table, reviewers, policy, pin_idx)
    chosen = run_flow(table, internal, demand)
    assignments = [_assignment(table, i, j, pinned=True) for i, j in pin_idx]
    assignments += [_assignment(table, i, j, pinned=False) for i, j in sorted(chosen)]
    objective = float(sum(a.affinity for a in assignments))
    optimum = sum(float(table.affinity[i, j]) for i, j in pin_idx + chosen)
    return MatchResult(
        assignments=assignments,
        objective=objective,
        optimum=optimum,
        unassigned=shortfalls(table, submissions, reviewers, demand, chosen),
    )


def _assignment(table: AffinityTable, i: int, j: int, *, pinned: bool) -> Assignment:
    """Build one :class:`Assignment` with its explanation."""
    return Assignment(
        submission=table.submission_ids[i],
        reviewer=table.reviewer_ids[j],
        affinity=round(float(table.affinity[i, j]), 6),
        pinned=pinned,
        components=table.components(i, j),
    )


def solve(
    submissions: Sequence[SubmissionIn],
    reviewers: Sequence[ReviewerIn],
    policy: Policy,
    encoder: Encoder,
    *,
    pins: Iterable[Pair] = (),
    forbid: Iterable[Pair] = (),
    region_of: RegionOf | None = None,
) -> tuple[MatchResult, AffinityTable]:
    """Score all pairs, then assign reviewers optimally; returns the result and the table."""
    pins, forbid = list(pins), list(forbid)
    clash = set(map(tuple, pins)) & set(map(tuple, forbid))
    if clash:
        raise MatchingError("pins", f"pair {sorted(clash, key=str)[0]!r} is also forbidden")
    started = time.perf_counter()
    table = compute_affinities(
        submissions, reviewers, policy, encoder, forbid=forbid, region_of=region_of
    )
    index_pairs(table, forbid, "forbid")
    scored = time.perf_counter()
    result = solve_table(table, submissions, reviewers, policy, pins=pins)
    result.timings = {"affinity": scored - started, "solve": time.perf_counter() - scored}
    return result, table
