"""The database restarted in the middle of traffic (PostgreSQL, gunicorn, production-like).

Readers browse in French and members submit while the database stops and starts again: while
it is down every request answers at once with the 503 page in the reader's language (never a
500, never a hang); once it is back the site answers within a few seconds; every submission is
either whole (submitted, one reference, one version, one audit event, one receipt queued) or
still a plain draft, and each member's retry (same idempotency key) ends with exactly one.
"""

import threading
import time
import uuid

import pytest
from django.utils import translation

from tests.faults.servers import get, submit, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MEMBERS = 24
OUTAGE_SECONDS = 4


def french(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


class Traffic:
    """Readers and submitters in threads, each answer recorded with the database's state."""

    def __init__(self, port: int, people: list[dict]) -> None:
        self.port = port
        self.people = people
        self.answers: list[tuple[bool, object]] = []  # (database up?, answer)
        self.database_up = True
        self.running = True
        self.lock = threading.Lock()

    def record(self, answer) -> None:
        with self.lock:
            self.answers.append((self.database_up, answer))

    def read(self) -> None:
        while self.running:
            self.record(get(self.port, "/fr/calls/"))
            time.sleep(0.05)

    def submit_all(self, people: list[dict]) -> None:
        """Each member submits once and, like a browser after the 503 page, sends the same
        form (same key) again until the Hub takes it."""
        for person in people:
            key = str(uuid.uuid4())
            for _try in range(200):
                answer = submit(self.port, person, key, language="fr")
                self.record(answer)
                if answer.status == 302:
                    break
                time.sleep(0.2)


def test_a_database_restart_fails_fast_in_the_readers_language_and_loses_nothing(stack):
    people = stack.people(MEMBERS)["people"]
    traffic = Traffic(stack.port, people)
    threads = [threading.Thread(target=traffic.read) for _n in range(2)]
    threads += [threading.Thread(target=traffic.submit_all, args=(people[n::3],)) for n in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)

    traffic.database_up = False
    stack.cluster.stop("fast")  # connections cut in the middle of requests and transactions
    time.sleep(OUTAGE_SECONDS)
    stack.cluster.start()
    traffic.database_up = True
    recovered = wait_for(lambda: get(stack.port, "/fr/calls/").status == 200, what="the Hub")

    for thread in threads[2:]:
        thread.join(timeout=120)
    traffic.running = False
    for thread in threads[:2]:
        thread.join(timeout=30)

    answers = [answer for _up, answer in traffic.answers]
    during = [answer for up, answer in traffic.answers if not up]
    # Never a traceback page, never a hang: 200 or redirects, or the friendly 503.
    assert {answer.status for answer in answers} <= {200, 302, 503}
    assert max(answer.seconds for answer in answers) < 15  # connect_timeout 3 s, not a hang
    unavailable = [answer for answer in during if answer.status == 503]
    assert unavailable, "no request met the outage"
    page = unavailable[0]
    assert '<html lang="fr"' in page.body
    assert french("The Hub is briefly unavailable") in page.body
    assert page.headers["retry-after"] == "5"
    # Back within a few seconds of the database (persistent connections checked before reuse).
    assert recovered < 10

    # Nothing lost, nothing half written, nothing twice.
    rows = {row["uuid"]: row for row in stack.state()}
    for person in people:
        row = rows[person["uuid"]]
        assert row["status"] == "submitted", row
        assert row["reference"].startswith("HUB-"), row
        assert (row["versions"], row["events"], row["receipts"]) == (1, 1, 1), row
    references = [row["reference"] for row in rows.values() if row["reference"]]
    assert len(references) == len(set(references)) == MEMBERS
