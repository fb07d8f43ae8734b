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
LAST_MINUTE = 90  # seconds from now to the deadline: the 500 submit within it


def test_500_submissions_in_the_last_minute_are_all_kept_once_and_none_after(stack):
    created = stack.people(ON_TIME + AT_THE_DEADLINE, deadline_in=3600)
    people = created["people"]
    deadline = datetime.now().astimezone() + timedelta(seconds=LAST_MINUTE)
    with psycopg.connect(stack.cluster.url(), autocommit=True) as database:
        database.execute("UPDATE calls_call SET deadline = %s", [deadline])

    def send(person: dict) -> int:
        key = str(uuid.uuid4())
        status = submit(stack.port, person, key).status
        if status == 302:  # a double click: the same form once more
            status = submit(stack.port, person, key).status
        return status

    on_time, last = people[:ON_TIME], people[ON_TIME:]
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(send, on_time))
    assert set(statuses) == {302}
    assert datetime.now().astimezone() < deadline, "the 500 took longer than the last minute"

    # The last ones arrive around the deadline, one every 100 ms from a second before it.
    time.sleep(max(0.0, (deadline - datetime.now().astimezone()).total_seconds() - 1))
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = []
        for person in last:
            futures.append(pool.submit(send, person))
            time.sleep(0.1)
        assert {future.result() for future in futures} <= {302}
    time.sleep(1)

    rows = {row["uuid"]: row for row in stack.state()}
    for person in on_time:
        row = rows[person["uuid"]]
        assert row["status"] == "submitted", row
        assert (row["versions"], row["events"], row["receipts"]) == (1, 1, 1), row
    for person in last:  # on time and whole, or refused and still a plain draft
        row = rows[person["uuid"]]
        if row["status"] == "submitted":
            assert datetime.fromisoformat(row["submitted_at"]) <= deadline, row
            assert (row["versions"], row["events"], row["receipts"]) == (1, 1, 1), row
        else:
            assert row["status"] == "draft", row
            assert (row["reference"], row["versions"], row["receipts"]) == ("", 0, 0), row
    late = [p for p in last if rows[p["uuid"]]["status"] == "draft"]
    assert late, "no submission arrived after the deadline"
    references = [row["reference"] for row in rows.values() if row["reference"]]
    assert len(references) == len(set(references)) >= ON_TIME
