"""Optimal reviewer matching: affinities, hard constraints and a min-cost-flow solver.

Pure functions over plain dataclasses (no Django models), shared by the curator's suggestions,
``manage.py match_reviewers`` and the benchmark. See docs/matching.md.
"""

from .affinity import AffinityTable, compute_affinities, m49_subregion, normalise_name
from .bound import lagrangian_bound
from .explain import suggest_additional
from .io import MatchInput, parse_input, render_output
from .solver import place_pins, solve, solve_table
from .types import (
    AffinityWeights,
    Assignment,
    MatchingError,
    MatchResult,
    Policy,
    ReviewerIn,
    Shortfall,
    SubmissionIn,
)

__all__ = [
    "AffinityTable",
    "AffinityWeights",
    "Assignment",
    "MatchInput",
    "MatchResult",
    "MatchingError",
    "Policy",
    "ReviewerIn",
    "Shortfall",
    "SubmissionIn",
    "compute_affinities",
    "lagrangian_bound",
    "m49_subregion",
    "normalise_name",
    "parse_input",
    "place_pins",
    "render_output",
    "solve",
    "solve_table",
    "suggest_additional",
]
