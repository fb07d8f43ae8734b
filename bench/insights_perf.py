"""What the Hub's figures and charts cost: the home page and the insights page, and the team's
dashboard, on a throwaway SQLite database with synthetic practices and submissions.

Prints and writes ``bench/results/insights.json``: building the six yearly series with their
charts (``compute_statistics``, cold: median of 5), the home page server side with the set
remembered (median of 20) and right after a content change (median of 5), the insights page
(median of 10) and the team's dashboard (median of 5). No budget of its own: the home page's
figure is read beside ``/healthz`` measured the same way, as a ratio.

    python -m bench.insights_perf --practices 2000 --submissions 300
"""

from __future__ import annotations

import argparse
import os
import statistics as stats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _median_ms(call: Any, times: int) -> float:
    found = []
    for _ in range(times):
        start = time.perf_counter()
        call()
        found.append((time.perf_counter() - start) * 1000)
    return round(stats.median(found), 2)


def _ok(response: Any) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"{response.request['PATH_INFO']} answered {response.status_code}")


def _submissions(count: int) -> None:
    """Submissions moved through the workflow engine, so that they have a history."""
    from core.workflow import transition
    from submissions.choices import SubmissionStatus as S
    from submissions.models import Submission
    from tests.factories import COMPLETE_PRACTICE, UserFactory

    owner = UserFactory(roles=["member"])
    path = [S.SUBMITTED, S.SCREENING, S.IN_REVIEW, S.AWAITING_DECISION, S.APPROVED]
    for n in range(count):
        submission = Submission.objects.create(
            content_type="practice", owner=owner, data=dict(COMPLETE_PRACTICE), title=f"S{n}"
        )
        for status in path[: n % (len(path) + 1)]:
            transition(submission, status, actor=None)


def run(practices: int, submissions: int) -> dict[str, Any]:
    from django.test import Client

    from bench.page_weight import _prepare
    from insights.statistics import compute_statistics, statistics
    from repository import listing
    from tests.factories import UserFactory, give_totp, record_second_factor

    _prepare(practices)
    _submissions(submissions)
    client = Client(HTTP_HOST="127.0.0.1")
    curator = Client(HTTP_HOST="127.0.0.1")
    person = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    curator.force_login(person)
    record_second_factor(curator, person)

    def home_after_change() -> None:
        listing.content_changed()
        client.get("/en/")

    client.get("/en/")  # warm the facet index
    return {
        "practices": practices,
        "submissions": submissions,
        "compute_statistics_ms": _median_ms(compute_statistics, 5),
        "healthz_ms": _median_ms(lambda: client.get("/healthz"), 20),
        "home_warm_ms": _median_ms(lambda: client.get("/en/"), 20),
        "home_after_content_change_ms": _median_ms(home_after_change, 5),
        "insights_page_ms": _median_ms(lambda: client.get("/en/insights/"), 10),
        "statistics_remembered_ms": _median_ms(statistics, 20),
        "team_dashboard_ms": _median_ms(lambda: _ok(curator.get("/en/insights/team/")), 5),
        "home_html_bytes": len(client.get("/en/").content),
        "insights_html_bytes": len(client.get("/en/insights/").content),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=2000)
    parser.add_argument("--submissions", type=int, default=300)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="hub-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ["HUB_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from bench.run import write_result

    figures = run(args.practices, args.submissions)
    figures["home_to_healthz_ratio"] = round(figures["home_warm_ms"] / figures["healthz_ms"], 2)
    path = write_result("insights", figures)
    for name, value in figures.items():
        print(f"  {name:<30} {value}")
    print(f"  → {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
