"""Submitting under faults, against gunicorn with production-like settings on PostgreSQL.

- A web process killed (SIGKILL) in the middle of a submit: the member's browser sends the form
  again (same idempotency key, the hidden ``submit_key`` of the review page) and ends with one
  submission and one reference number.
- 500 members submit at once in the last minute before a call's deadline, and a few more right
  at and after it: every one on time is kept once, none after the deadline is accepted.
"""

import os
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import psycopg
import pytest

from tests.faults.servers import get, submit, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the master's child processes."""
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(entry))
    return children


def blocked_on_a_lock(database: psycopg.Connection) -> bool:
    row = database.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
    ).fetchone()
    return bool(row and row[0])


def test_a_web_process_killed_during_submit_leaves_one_submission_after_the_retry(stack):
    person = stack.people(1)["people"][0]
    key = str(uuid.uuid4())
    holder = psycopg.connect(stack.cluster.url(), autocommit=False)
    watcher = psycopg.connect(stack.cluster.url(), autocommit=True)
    # Hold the draft's row: the submit request waits inside its transaction, half done.
    holder.execute(
        "SELECT id FROM submissions_submission WHERE uuid = %s FOR UPDATE", [person["uuid"]]
    )
    answers = []
    request = threading.Thread(target=lambda: answers.append(submit(stack.port, person, key)))
    request.start()
    wait_for(lambda: blocked_on_a_lock(watcher), what="the submit request to be in flight")

    master = stack.web.popen.pid
    killed = worker_pids(master)
    for pid in killed:
        os.kill(pid, signal.SIGKILL)  # the web process dies mid-transaction
    request.join(timeout=30)
    holder.rollback()
    holder.close()
    assert answers[0].status == 0  # the browser saw the connection drop, no answer

    # gunicorn starts new workers; the browser sends the same form again.
    wait_for(lambda: get(stack.port, "/healthz").status == 200, what="new workers")
    assert not set(worker_pids(master)) & set(killed)
    assert submit(stack.port, person, key).status == 302
    assert submit(stack.port, person, key).status == 302  # and again (a lost answer)
    watcher.close()

    row = next(row for row in stack.state() if row["uuid"] == person["uuid"])
    assert row["status"] == "submitted"
    assert row["reference"].startswith("HUB-")
    assert (row["versions"], row["events"], row["receipts"]) == (1, 1, 1)


ON_TIME = 500
AT_THE_DEADLINE = 20
LAST_MINUTES = 600  # seconds from the burst start to its deadline (550 requests on 2 gunicorn workers; a loaded 2-core machine answered 272 of them in 180 s)


def now() -> datetime:
    return datetime.now().astimezone()


def set_deadline(stack, slug: str, seconds: float) -> datetime:
    deadline = now() + timedelta(seconds=seconds)
    with psycopg.connect(stack.cluster.url(), autocommit=True) as database:
        database.execute("UPDATE calls_call SET deadline = %s WHERE slug = %s", [deadline, slug])
    return deadline


def send(stack, person: dict, double_click: bool = False) -> tuple[datetime, datetime, int]:
    """Submit once (twice with the same key for a double click); when the request left, when
    its answer came, and its status."""
    key = str(uuid.uuid4())
    sent = now()
    status = submit(stack.port, person, key).status
    answered = now()
    if double_click and status == 302:
        status = submit(stack.port, person, key).status
    return sent, answered, status


def test_500_submissions_in_the_last_minutes_are_all_kept_once_and_none_after(stack):
    burst = stack.people(ON_TIME, deadline_in=3600)
    edge = stack.people(AT_THE_DEADLINE, deadline_in=3600)

    # 500 members submit at once, every tenth with a double click, before the call closes.
    deadline = set_deadline(stack, burst["call"], LAST_MINUTES)
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = [
            pool.submit(send, stack, person, n % 10 == 0)
            for n, person in enumerate(burst["people"])
        ]
        burst_answers = [future.result() for future in futures]
    assert {status for _s, _a, status in burst_answers} == {302}

    # Another call closes in 3 s: members arrive one every 100 ms from a second before.
    edge_deadline = set_deadline(stack, edge["call"], 3)
    time.sleep(max(0.0, (edge_deadline - now()).total_seconds() - 1))
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = []
        for person in edge["people"]:
            futures.append(pool.submit(send, stack, person))
            time.sleep(0.1)
        edge_answers = [future.result() for future in futures]
    assert {status for _s, _a, status in edge_answers} == {302}  # refused ones see a message

    rows = {row["uuid"]: row for row in stack.state()}
    kept = 0
    for people, answers, closes in (
        (burst["people"], burst_answers, deadline),
        (edge["people"], edge_answers, edge_deadline),
    ):
        for person, (sent, answered, _status) in zip(people, answers, strict=True):
            row = rows[person["uuid"]]
            if answered < closes:  # answered before the deadline: kept
                assert row["status"] == "submitted", row
            if sent > closes:  # sent after it: refused
                assert row["status"] == "draft", row
            if row["status"] == "submitted":  # whole, once, on time
                kept += 1
                assert datetime.fromisoformat(row["submitted_at"]) <= closes, row
                assert (row["versions"], row["events"], row["receipts"]) == (1, 1, 1), row
            else:  # a plain draft: no reference, no version, no receipt
                assert not row["reference"], row
                assert (row["versions"], row["receipts"]) == (0, 0), row
    on_time = sum(answered < deadline for _s, answered, _st in burst_answers)
    assert on_time == ON_TIME, f"only {on_time} of the 500 answered before the deadline"
    assert any(sent > edge_deadline for sent, _a, _s in edge_answers), "nobody came late"
    # Every reference once (the module's other tests submitted in the same database too).
    references = [row["reference"] for row in rows.values() if row["reference"]]
    assert len(references) == len(set(references))
    ours = {person["uuid"] for person in burst["people"] + edge["people"]}
    assert sum(1 for uuid, row in rows.items() if uuid in ours and row["reference"]) == kept
