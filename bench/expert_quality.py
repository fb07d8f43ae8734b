"""Expert-directory search benchmark: MRR and recall@5 of the directory's ranking for 30
labelled queries, by group (same language as the experts who fit, or another language), beside
the encoder alone and the lexical search alone.

The 32 invented experts of ``support_experts.jsonl`` (bios in en/fr/es) are imported into a
throwaway database and indexed; ``expert_queries.json`` holds 30 queries in en/fr/es with the
experts judged to fit them. A query is cross-lingual when none of its experts wrote their bio in
the query's language (20 of the 30). Each query is run as a visitor of the directory in the
query's language would run it (``experts.selectors.directory``). See bench/data/README.md.

    python -m bench.expert_quality        (also run by ``python -m bench.run``)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.search_quality import DATA, throwaway_database
from bench.support_quality import load_experts

CUTOFF = 5
MODES = ("directory", "encoder", "lexical")
TARGET_MRR = 0.85  # issue 13, point 15: expert MRR on cross-lingual queries


def group_of(query: dict[str, Any], experts: dict[str, dict[str, Any]]) -> str:
    languages = {experts[key]["bio_language"] for key in query["experts"]}
    return "same-language" if query["language"] in languages else "cross-lingual"


def _ranked(query: dict[str, Any], mode: str, names: dict[int, str]) -> list[str]:
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from experts.models import ExpertProfile
    from experts.selectors import directory
    from search.selectors import search

    with translation.override(query["language"]):
        if mode == "directory":
            ids = [p.pk for p in directory(AnonymousUser(), {}, query["query"]).profiles]
        else:
            kind = "semantic" if mode == "encoder" else "lexical"
            ids = search(query["query"], model=ExpertProfile, mode=kind, limit=20)
    return [names[pk] for pk in ids]


def _score(ranked: list[str], relevant: set[str]) -> tuple[float, float]:
    recall = len(relevant & set(ranked[:CUTOFF])) / min(len(relevant), CUTOFF)
    rank = next((i for i, key in enumerate(ranked, start=1) if key in relevant), None)
    return recall, (1.0 / rank if rank else 0.0)


def evaluate(queries: list[dict], experts: dict[str, dict], names: dict[int, str]) -> dict:
    sums: dict[str, dict[str, list[float]]] = {}
    counts: dict[str, int] = {}
    misses: list[str] = []
    for query in queries:
        group = group_of(query, experts)
        counts[group] = counts.get(group, 0) + 1
        for mode in MODES:
            ranked = _ranked(query, mode, names)
            recall, rr = _score(ranked, set(query["experts"]))
            acc = sums.setdefault(group, {}).setdefault(mode, [0.0, 0.0])
            acc[0], acc[1] = acc[0] + recall, acc[1] + rr
            if mode == "directory" and rr < 1:
                misses.append(f"{query['id']} ({query['language']}) first fit at 1/{rr:.2f}")
    figures: dict[str, Any] = {
        group: {
            mode: {
                "mrr": round(rr / counts[group], 4),
                f"recall@{CUTOFF}": round(r / counts[group], 4),
            }
            for mode, (r, rr) in modes.items()
        }
        for group, modes in sums.items()
    }
    figures["queries"] = counts
    figures["not_first"] = misses
    return figures


def run() -> dict[str, Any]:
    from search.services import reindex

    queries = json.loads((DATA / "expert_queries.json").read_text(encoding="utf-8"))
    lines = (DATA / "support_experts.jsonl").read_text(encoding="utf-8").splitlines()
    experts = {data["id"]: data for data in map(json.loads, lines)}
    with throwaway_database("experts"):
        names = load_experts()
        reindex(models=["experts"], here=True)
        figures = evaluate(queries, experts, names)
    figures["experts"] = len(names)
    return figures


def summary(figures: dict[str, Any]) -> str:
    lines = [f"Expert directory ({figures['experts']} experts), MRR / recall@{CUTOFF}:"]
    for group in ("same-language", "cross-lingual"):
        lines.append(f"  {group} ({figures['queries'][group]} queries)")
        for mode in MODES:
            cell = figures[group][mode]
            lines.append(f"    {mode:<10} {cell['mrr']:.3f} / {cell[f'recall@{CUTOFF}']:.3f}")
    if figures["not_first"]:
        lines.append("  directory's first fit below rank 1: " + "; ".join(figures["not_first"]))
    return "\n".join(lines)


def main() -> int:
    from bench.run import setup_django, write_result

    setup_django()
    figures = run()
    path = write_result("expert_quality", figures)
    print(summary(figures))
    print(f"  → {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    mrr = figures["cross-lingual"]["directory"]["mrr"]
    state = "met" if mrr >= TARGET_MRR else "not met"
    print(f"  target cross-lingual MRR ≥ {TARGET_MRR}: {state} ({mrr:.3f})")
    return 0 if mrr >= TARGET_MRR else 1


if __name__ == "__main__":
    sys.exit(main())
