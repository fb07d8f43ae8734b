"""Plain data for reviewer matching: policy, inputs and results. No Django models."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Id = str | int
Pair = tuple[Id, Id]


class MatchingError(ValueError):
    """Invalid matching input; ``field`` names the offending field (e.g. ``reviewers[3].id``)."""

    def __init__(self, field: str, message: str) -> None:
        """Record the field and a message for people."""
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class AffinityWeights:
    """Weights of the three affinity components; they sum to 1 so affinities lie in [0, 1].

    - ``topic``: how much of the submission's objectives the reviewer covers (primary counts double).
    - ``text``: cosine of the multilingual sentence vectors of the two texts, clipped at 0.
    - ``region``: familiarity with the submission's countries (1 per known country, ½ for a known
      sub-region), averaged over those countries.
    """

    topic: float = 0.4
    text: float = 0.4
    region: float = 0.2


@dataclass(frozen=True)
class Policy:
    """The composition rule per submission and the default load cap per reviewer."""

    internal: int = 1
    external: int = 2
    max_load: int = 6
    weights: AffinityWeights = field(default_factory=AffinityWeights)


@dataclass(frozen=True)
class SubmissionIn:
    """A submission to review: its text, language, objectives (primary first) and organisations."""

    id: Id
    text: str
    language: str
    objectives: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewerIn:
    """A roster member: profile text, reading languages, expertise, organisation and conflicts."""

    id: Id
    text: str
    languages: tuple[str, ...]
    objectives: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    organisation: str = ""
    internal: bool = False
    max_load: int | None = None
    conflicts: tuple[str, ...] = ()

    def load_cap(self, policy: Policy) -> int:
        """Return this reviewer's own cap, or the policy's default."""
        return policy.max_load if self.max_load is None else self.max_load


@dataclass(frozen=True)
class Assignment:
    """One reviewer for one submission, with the components that explain the affinity."""

    submission: Id
    reviewer: Id
    affinity: float
    pinned: bool = False
    components: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Shortfall:
    """A submission that could not get its full composition, and why."""

    submission: Id
    missing_internal: int
    missing_external: int
    reason: str


@dataclass
class MatchResult:
    """The solver's answer. ``optimum`` is the min-cost-flow optimum (exact, to 1e-6 per pair)."""

    assignments: list[Assignment]
    objective: float
    optimum: float
    unassigned: list[Shortfall]
    timings: dict[str, float] = field(default_factory=dict)
