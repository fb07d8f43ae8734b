"""Fault tests (issue 16, point 7): real processes and servers, each fault made for real, each
test asserting that nothing is lost or duplicated.

Tests marked ``postgres`` need PostgreSQL: scripts/test.sh leaves them out of the SQLite leg
(deselected, not skipped) and runs them in the PostgreSQL leg. Run anywhere else without
PostgreSQL they skip, except with CI=true, where they fail: CI cannot lose them silently.
"""

import json
import os
from dataclasses import dataclass

import pytest
from django.db import connection

from tests.faults.servers import Cluster, Process, gunicorn, hub_env, manage, redis


@pytest.fixture(autouse=True)
def _needs_postgres(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("this fault test needs PostgreSQL and CI must run it (DATABASE_URL)")
        pytest.skip("needs PostgreSQL (scripts/with-postgres.sh)")


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, restore_vocabulary):
    """A production-like Hub on loopback: a PostgreSQL cluster of its own (a copy of the test
    database: migrated, vocabularies loaded), Redis, gunicorn with 2 workers."""
    if connection.vendor != "postgresql":
        yield None  # the test itself skips (or fails in CI): _needs_postgres
        return
    with django_db_blocker.unblock():
        # A transactional test that ran before ends by emptying every table, the vocabularies
        # too: without them no draft is complete and every submit would answer 400.
        restore_vocabulary()
        source = dict(connection.settings_dict)
    cluster = Cluster()
    cluster.start()
    processes = []
    try:
        cluster.copy_database(source)
        redis_process, redis_url = redis()
        processes.append(redis_process)
        env = hub_env(cluster.url(), redis_url)
        web, port = gunicorn(env)
        processes.append(web)
        yield Stack(cluster=cluster, env=env, port=port, web=web)
    finally:
        for process in reversed(processes):
            process.stop()
        cluster.remove()


@dataclass
class Stack:
    cluster: Cluster
    env: dict
    port: int
    web: Process

    def people(self, count: int, deadline_in: float | None = None) -> dict:
        args = [str(count)] + ([str(deadline_in)] if deadline_in is not None else [])
        return json.loads(manage(self.env, "submitters", *args))

    def state(self) -> list[dict]:
        return json.loads(manage(self.env, "state"))["submissions"]
