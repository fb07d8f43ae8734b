"""Fault tests (issue 16, point 7): real processes and servers, each fault made for real, each
test asserting that nothing is lost or duplicated.

Tests marked ``postgres`` need PostgreSQL: scripts/test.sh leaves them out of the SQLite leg
(deselected, not skipped) and runs them in the PostgreSQL leg. Run anywhere else without
PostgreSQL they skip, except with CI=true, where they fail: CI cannot lose them silently.
"""

import os

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _needs_postgres(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("this fault test needs PostgreSQL and CI must run it (DATABASE_URL)")
        pytest.skip("needs PostgreSQL (scripts/with-postgres.sh)")
