"""Support-request suggestions benchmark: recall@5 and MRR of the practices and experts that
``support.suggestions.suggest`` proposes for ten labelled requests, beside the encoder alone
and the lexical search alone.

The main practice corpus (``bench/data/practices.jsonl``) and 32 invented experts
(``support_experts.jsonl``, bios in en/fr/es, 29 available for advising) are loaded into a
throwaway database through the import services and indexed; ``support_requests.json`` holds ten
requests in en/fr/es with the practices and experts judged to fit them (most in another
language than the request). See bench/data/README.md and docs/support.md.

    python -m bench.support_quality        (also run by ``python -m bench.run``)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.search_quality import DATA, load_practices, throwaway_database

CUTOFF = 5
MODES = ("connections", "encoder", "lexical")
TARGET_RECALL = 0.9  # issue 13, point 15: request recall@5 for practices and experts


def load_experts() -> dict[int, str]:
    """Import the experts; return database id -> dataset id ("e01")."""
    from experts.interchange import ExpertVocab, validate_expert
    from experts.models import ExpertProfile
    from experts.services import experts_import

    lines = [json.loads(line) for line in (DATA / "support_experts.jsonl").open(encoding="utf-8")]
    vocab, records, by_email = ExpertVocab.load(), [], {}
    for data in lines:
        record, problems = validate_expert({k: v for k, v in data.items() if k != "id"}, vocab)
        if record is None:
            raise SystemExit(f"{data['id']}: {problems}")
        records.append(record)
        by_email[record.email] = data["id"]
    experts_import(records=records)
    return {pk: by_email[email] for pk, email in ExpertProfile.objects.values_list("pk", "email")}


def _ranked(request: dict[str, Any], mode: str, names: dict[str, dict[int, str]]) -> dict:
    """Dataset ids of practices and experts, best first, for one request and mode."""
    from experts.models import ExpertProfile
    from repository.models import Practice
    from search.selectors import search
    from support.suggestions import Need, advisers, suggest

    need = Need(
        title=request["title"],
        description=request["description"],
        language=request["language"],
        country=request["country"],
        objectives=tuple(request["objectives"]),
    )
    if mode == "connections":
        found = suggest(need)
        by_slug = {p.slug: p.pk for p in Practice.objects.only("slug")}
        by_expert = {p.slug: p.pk for p in ExpertProfile.objects.only("slug")}
        practices = [by_slug[s.key] for s in found.practices]
        experts = [by_expert[s.key] for s in found.experts]
    else:
        kind = "semantic" if mode == "encoder" else "lexical"
        args = {"mode": kind, "language": need.language, "limit": 10}
        practices = search(need.text, model=Practice, **args)
        experts = search(need.text, model=ExpertProfile, allowed_ids=list(advisers()), **args)
    return {
        "practices": [names["practices"][pk] for pk in practices],
        "experts": [names["experts"][pk] for pk in experts],
    }


def _score(ranked: list[str], relevant: set[str]) -> tuple[float, float]:
    recall = len(relevant & set(ranked[:CUTOFF])) / min(len(relevant), CUTOFF)
    rank = next((i for i, key in enumerate(ranked, start=1) if key in relevant), None)
    return recall, (1.0 / rank if rank else 0.0)


def evaluate(requests: list[dict[str, Any]], names: dict[str, dict[int, str]]) -> dict:
    sums: dict[str, dict[str, list[float]]] = {}
    timing = dict.fromkeys(MODES, 0.0)
    missed: list[str] = []
    for request in requests:
        for mode in MODES:
            start = time.perf_counter()
            ranked = _ranked(request, mode, names)
            timing[mode] += time.perf_counter() - start
            for kind in ("practices", "experts"):
                recall, rr = _score(ranked[kind], set(request[kind]))
                acc = sums.setdefault(kind, {}).setdefault(mode, [0.0, 0.0])
                acc[0] += recall
                acc[1] += rr
                left = sorted(set(request[kind]) - set(ranked[kind][:CUTOFF]))
                if mode == "connections" and left and recall < 1:
                    missed.append(f"{request['id']}: {' '.join(left)} not in the first {CUTOFF}")
    n = len(requests)
    figures: dict[str, Any] = {
        kind: {
            mode: {"recall@5": round(r / n, 4), "mrr": round(rr / n, 4)}
            for mode, (r, rr) in modes.items()
        }
        for kind, modes in sums.items()
    }
    figures["requests"] = n
    figures["missed"] = missed
    figures["ms_per_request"] = {mode: round(1000 * t / n, 1) for mode, t in timing.items()}
    return figures


def run() -> dict[str, Any]:
    from search.services import reindex

    requests = json.loads((DATA / "support_requests.json").read_text(encoding="utf-8"))
    with throwaway_database("support"):
        names = {"practices": load_practices(), "experts": load_experts()}
        reindex(models=["practices", "experts"], here=True)
        figures = evaluate(requests, names)
    figures["documents"] = {kind: len(ids) for kind, ids in names.items()}
    return figures


def summary(figures: dict[str, Any]) -> str:
    lines = [f"Support suggestions ({figures['requests']} requests), recall@{CUTOFF} / MRR:"]
    for kind in ("practices", "experts"):
        for mode in MODES:
            cell = figures[kind][mode]
            lines.append(f"  {kind:<10} {mode:<12} {cell['recall@5']:.3f} / {cell['mrr']:.3f}")
    lines.append(f"  ms per request: {figures['ms_per_request']}")
    lines.extend(f"  missed {line}" for line in figures.get("missed", []))
    return "\n".join(lines)


def main() -> int:
    from bench.run import setup_django, write_result

    setup_django()
    figures = run()
    path = write_result("support_quality", figures)
    print(summary(figures))
    print(f"  → {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    for kind in ("practices", "experts"):
        recall = figures[kind]["connections"]["recall@5"]
        state = "met" if recall >= TARGET_RECALL else "not met"
        print(f"  target recall@5 ≥ {TARGET_RECALL} for {kind}: {state} ({recall:.3f})")
    return 0 if all(verdict(figures).values()) else 1


def verdict(figures: dict[str, Any]) -> dict[str, bool]:
    """Per kind: the suggestions' recall@5 at least the encoder's and the lexical search's."""
    return {
        kind: figures[kind]["connections"]["recall@5"]
        >= max(figures[kind]["encoder"]["recall@5"], figures[kind]["lexical"]["recall@5"])
        for kind in ("practices", "experts")
    }


if __name__ == "__main__":
    sys.exit(main())
