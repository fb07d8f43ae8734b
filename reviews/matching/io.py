"""The JSON formats of ``manage.py match_reviewers`` (DESIGN.md): parse and validate, render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .affinity import AffinityTable
from .types import (
    Id,
    MatchingError,
    MatchResult,
    Pair,
    Policy,
    ReviewerIn,
    SubmissionIn,
)


@dataclass
class MatchInput:
    """A validated input document."""

    policy: Policy
    submissions: list[SubmissionIn]
    reviewers: list[ReviewerIn]
    pins: list[Pair] = field(default_factory=list)
    forbid: list[Pair] = field(default_factory=list)


def _get(
    obj: dict[str, Any], key: str, where: str, kind: type | tuple[type, ...], default: Any = ...
) -> Any:
    """Return ``obj[key]`` checked against ``kind``; missing keys use ``default`` or raise."""
    if key not in obj or obj[key] is None:
        if default is ...:
            raise MatchingError(f"{where}.{key}", "is required")
        return default
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
        raise MatchingError(f"{where}.{key}", f"must be {_name(kind)}, got {type(value).__name__}")
    return value


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    """Return ``kind`` as a tuple."""
    return kind if isinstance(kind, tuple) else (kind,)


def _name(kind: type | tuple[type, ...]) -> str:
    """Return a readable name of the JSON type(s)."""
    names = {
        str: "a string",
        int: "an integer",
        bool: "true or false",
        list: "a list",
        dict: "an object",
    }
    return " or ".join(names.get(k, k.__name__) for k in _kinds(kind))


def _str_list(obj: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """Return a list of strings field (default empty)."""
    items = _get(obj, key, where, list, [])
    for k, item in enumerate(items):
        if not isinstance(item, str):
            raise MatchingError(f"{where}.{key}[{k}]", "must be a string")
    return tuple(items)


def _int_list(obj: dict[str, Any], key: str, where: str) -> tuple[int, ...]:
    """Return a list of integers field (default empty)."""
    items = _get(obj, key, where, list, [])
    for k, item in enumerate(items):
        if not isinstance(item, int) or isinstance(item, bool):
            raise MatchingError(f"{where}.{key}[{k}]", "must be an integer")
    return tuple(items)


def _count(obj: dict[str, Any], key: str, where: str, default: Any = ...) -> Any:
    """Return a non-negative integer field."""
    value = _get(obj, key, where, int, default)
    if value is not None and value < 0:
        raise MatchingError(f"{where}.{key}", "must be zero or more")
    return value


def parse_policy(data: Any) -> Policy:
    """Validate the ``policy`` object; missing keys take the Hub defaults (1, 2, 6)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MatchingError("policy", "must be an object")
    default = Policy()
    return Policy(
        internal=_count(data, "internal", "policy", default.internal),
        external=_count(data, "external", "policy", default.external),
        max_load=_count(data, "max_load", "policy", default.max_load),
    )


def parse_submission(data: Any, where: str) -> SubmissionIn:
    """Validate one submission object."""
    if not isinstance(data, dict):
        raise MatchingError(where, "must be an object")
    return SubmissionIn(
        id=_get(data, "id", where, (str, int)),
        text=_get(data, "text", where, str, ""),
        language=_get(data, "language", where, str),
        objectives=_int_list(data, "objectives", where),
        countries=_str_list(data, "countries", where),
        organisations=_str_list(data, "organisations", where),
    )


def parse_reviewer(data: Any, where: str) -> ReviewerIn:
    """Validate one reviewer object."""
    if not isinstance(data, dict):
        raise MatchingError(where, "must be an object")
    return ReviewerIn(
        id=_get(data, "id", where, (str, int)),
        text=_get(data, "text", where, str, ""),
        languages=_str_list(data, "languages", where),
        objectives=_int_list(data, "objectives", where),
        countries=_str_list(data, "countries", where),
        organisation=_get(data, "organisation", where, str, ""),
        internal=_get(data, "internal", where, bool),
        max_load=_count(data, "max_load", where, None),
        conflicts=_str_list(data, "conflicts", where),
    )


def _unique(ids: list[Id], name: str) -> None:
    """Raise when an id repeats."""
    seen: set[Id] = set()
    for k, value in enumerate(ids):
        if value in seen:
            raise MatchingError(f"{name}[{k}].id", f"duplicate id {value!r}")
        seen.add(value)


def _pairs(data: dict[str, Any], key: str) -> list[Pair]:
    """Validate a list of ``[sid, rid]`` pairs."""
    items = _get(data, key, "input", list, [])
    out: list[Pair] = []
    for k, pair in enumerate(items):
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(x, str | int) for x in pair)
        ):
            raise MatchingError(f"{key}[{k}]", "must be a [submission id, reviewer id] pair")
        out.append((pair[0], pair[1]))
    return out


def _objects(data: dict[str, Any], key: str) -> list[Any]:
    """Return a required top-level list."""
    items = data.get(key)
    if not isinstance(items, list):
        raise MatchingError(key, "is required and must be a list")
    return items


def parse_input(data: Any) -> MatchInput:
    """Validate a whole input document; errors name the field (``reviewers[2].languages``)."""
    if not isinstance(data, dict):
        raise MatchingError("input", "must be a JSON object")
    result = MatchInput(
        policy=parse_policy(data.get("policy")),
        submissions=[
            parse_submission(s, f"submissions[{k}]")
            for k, s in enumerate(_objects(data, "submissions"))
        ],
        reviewers=[
            parse_reviewer(r, f"reviewers[{k}]") for k, r in enumerate(_objects(data, "reviewers"))
        ],
        pins=_pairs(data, "pins"),
        forbid=_pairs(data, "forbid"),
    )
    _unique([s.id for s in result.submissions], "submissions")
    _unique([r.id for r in result.reviewers], "reviewers")
    return result


def render_output(
    result: MatchResult, table: AffinityTable | None = None, *, with_affinities: bool = False
) -> dict[str, Any]:
    """Return the output document; ``affinities`` lists every feasible pair when asked."""
    out: dict[str, Any] = {
        "assignments": [
            {"submission": a.submission, "reviewer": a.reviewer, "affinity": a.affinity}
            for a in result.assignments
        ],
        "objective": round(result.objective, 6),
        "unassigned": [
            {
                "submission": s.submission,
                "missing_internal": s.missing_internal,
                "missing_external": s.missing_external,
                "reason": s.reason,
            }
            for s in result.unassigned
        ],
    }
    if with_affinities and table is not None:
        out["affinities"] = [list(pair) for pair in table.feasible_pairs()]
    return out
