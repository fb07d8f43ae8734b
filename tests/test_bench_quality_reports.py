"""``make bench`` prints the quality figures of issue 13 (point 15): each benchmark's ``main``
runs its measurement, writes the JSON and prints the figures and the verdict. The measurement is
replaced by fixed figures here (the real one builds its own database and takes minutes); what is
checked is that the report is printed, written and judged as the targets say."""

import json

import pytest

from bench import expert_quality, support_quality
from bench import run as bench_run

CELL = {"mrr": 0.9, "recall@5": 0.8}


@pytest.fixture
def results(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_run, "RESULTS", tmp_path)
    return tmp_path


def test_the_expert_directory_report_prints_mrr_by_query_group(results, monkeypatch, capsys):
    figures = {
        group: {mode: dict(CELL) for mode in expert_quality.MODES}
        for group in ("same-language", "cross-lingual")
    }
    figures["cross-lingual"]["directory"]["mrr"] = 0.84
    figures.update(queries={"same-language": 10, "cross-lingual": 20}, not_first=[], experts=32)
    monkeypatch.setattr(expert_quality, "run", lambda: figures)
    assert expert_quality.main() == 1  # 0.84 is under the target of 0.85
    printed = capsys.readouterr().out
    assert "cross-lingual (20 queries)" in printed
    assert "target cross-lingual MRR ≥ 0.85: not met (0.840)" in printed
    assert json.loads((results / "expert_quality.json").read_text())["experts"] == 32


def test_the_support_report_prints_recall_beside_each_retriever(results, monkeypatch, capsys):
    figures = {
        kind: {mode: dict(CELL) for mode in support_quality.MODES}
        for kind in ("practices", "experts")
    }
    figures["practices"]["lexical"]["recall@5"] = 0.85  # a single retriever beats the ranking
    figures.update(requests=10, ms_per_request={}, missed=["r03: p068 not in the first 5"])
    monkeypatch.setattr(support_quality, "run", lambda: figures)
    assert support_quality.main() == 1
    printed = capsys.readouterr().out
    for kind in ("practices", "experts"):
        for mode in support_quality.MODES:
            assert f"{kind:<10} {mode:<12} 0." in printed
    assert "missed r03: p068" in printed
    assert "target recall@5 ≥ 0.9 for practices: not met (0.800)" in printed
    assert (results / "support_quality.json").exists()
