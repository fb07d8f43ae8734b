"""``reindex`` as queue work: the corpus cut into idempotent chunks that run as tasks, the
command waiting for all of them with one progress bar; and with real worker processes."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from repository.services import practice_update
from search import services, tasks
from search.models import SearchDocument
from search.registry import DocumentText, for_key
from search.services import index_chunk, plan_chunks, reindex
from search.vectorise import Recipe, first_part, vector_texts

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_chunks_cover_every_item_once_in_primary_key_runs(corpus):
    contribution = for_key("practices")
    chunks = plan_chunks(contribution, contribution.queryset(), 2)
    pks = sorted(p.pk for p in corpus.values())
    assert [c.items for c in chunks] == [2, 2, 1]
    assert [(c.first, c.last) for c in chunks] == [
        (pks[0], pks[1]),
        (pks[2], pks[3]),
        (pks[4], pks[4]),
    ]


@pytest.mark.django_db
def test_reindex_runs_its_chunks_as_tasks_and_reports_them_all(corpus, monkeypatch):
    enqueued = []
    real = services.task_named

    def watching(path):
        task = real(path)
        enqueued.append(path)
        return task

    monkeypatch.setattr(services, "task_named", watching)
    steps: list[tuple[int, int]] = []
    SearchDocument.objects.all().delete()
    result = reindex(lambda done, total: steps.append((done, total)), chunk=2)
    assert enqueued == [services.CHUNK_TASK]  # the tests' immediate backend runs them at once
    assert result.indexed == len(corpus) == SearchDocument.objects.count()
    assert steps == [(2, 5), (2, 5), (1, 5)]
    assert result.linked == len(corpus)


@pytest.mark.django_db
def test_here_runs_the_chunks_in_this_process(corpus, monkeypatch):
    monkeypatch.setattr(services, "task_named", lambda path: pytest.fail("queued " + path))
    assert reindex(chunk=2, here=True).indexed == len(corpus)


@pytest.mark.django_db
def test_a_chunk_run_twice_writes_the_same_documents(corpus):
    pks = sorted(p.pk for p in corpus.values())
    assert index_chunk("practices", pks[0], pks[-1]) == len(corpus)
    before = {d.object_id: (d.pk, bytes(d.vector)) for d in SearchDocument.objects.all()}
    assert index_chunk("practices", pks[0], pks[-1]) == len(corpus)
    after = {d.object_id: (d.pk, bytes(d.vector)) for d in SearchDocument.objects.all()}
    assert after == before


@pytest.mark.django_db
def test_a_stale_chunk_indexes_only_what_changed_and_then_nothing(corpus):
    practice_update(practice=corpus["climate"], title="Relocalización de pueblos costeros")
    pks = sorted(p.pk for p in corpus.values())
    assert index_chunk("practices", pks[0], pks[-1], stale=True) == 1
    assert index_chunk("practices", pks[0], pks[-1], stale=True) == 0


@pytest.mark.django_db
def test_a_failed_chunk_is_run_again_by_the_command(corpus, monkeypatch, caplog):
    calls = []
    real = services.index_chunk

    def failing_once(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("the worker's database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "index_chunk", failing_once)  # on the worker's side
    SearchDocument.objects.all().delete()
    assert reindex(chunk=3).indexed == len(corpus)
    assert SearchDocument.objects.count() == len(corpus)
    assert "failed on a worker, running it here" in caplog.text


def test_the_encoder_reads_the_first_part_of_a_long_description():
    assert first_part("one two three four", 9) == "one two"
    assert first_part("short", 9) == "short"
    assert first_part("x" * 20, 9) == "x" * 9  # no space to cut at
    doc = DocumentText("en", "Title", "Summary", "", "a b c d e f")
    assert vector_texts(doc, Recipe(views=("text",), detail_chars=5)) == ["Title. Summary a b c"]
    assert vector_texts(doc, Recipe(views=("title", "summary"))) == ["Title", "Summary"]


def _manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(*args: str, env: dict[str, str], seconds: int = 300) -> str:
    process = _manage(*args, env=env)
    out, err = process.communicate(timeout=seconds)
    assert process.returncode == 0, err
    return out


def process_env(tmp_path: Path) -> dict[str, str]:
    """A file database and var folder of our own; the pickled encoder shared when present."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        HUB_VAR_DIR=str(tmp_path),
        OPENBLAS_NUM_THREADS="1",
    )
    (tmp_path / "cache").mkdir()
    for pickled in (ROOT / "var" / "cache").glob("usem3-*.pickle"):
        (tmp_path / "cache" / pickled.name).symlink_to(pickled)
    return env


def test_two_worker_processes_index_the_chunks_the_command_waits_for(tmp_path):
    """Real processes on one SQLite file: the command queues the chunks in the database, two
    ``hub_worker`` processes run them, the command waits for the last one and links."""
    env = process_env(tmp_path)
    _run("migrate", "-v0", env=env)
    _run("seed_synthetic", "--practices", "12", env=env)
    workers = [
        _manage("hub_worker", "--no-reload", "--interval", "0.1", "--worker-id", f"w{n}", env=env)
        for n in (1, 2)
    ]
    try:
        out = _run("reindex", "--model", "practices", "--chunk", "3", "-v0", env=env)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(30)
    with sqlite3.connect(tmp_path / "hub.sqlite3") as db:
        published = db.execute(
            "SELECT count(*) FROM repository_practice WHERE status = 'published'"
        ).fetchone()[0]
        documents = db.execute("SELECT count(*) FROM search_searchdocument").fetchone()[0]
        chunks = db.execute(
            f"SELECT status, worker_ids FROM {DBTaskResult._meta.db_table}"  # noqa: S608
            " WHERE task_path = 'search.tasks.index_chunk_task'"
        ).fetchall()
    assert f"Indexed {published} item(s)" in out
    assert documents == published > 3
    assert len(chunks) == -(-published // 3)
    assert all(status == "SUCCESSFUL" for status, _w in chunks)
    assert {w for _s, ids in chunks for w in json.loads(ids)} <= {"w1", "w2"}
