"""The Hub team's dashboard: its figures against what the submissions' history says, and who
may open it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import AuditEvent
from core.workflow import transition
from insights.dashboards import dashboard
from reviews.choices import AssignmentStatus
from reviews.models import ReviewAssignment
from submissions.choices import SubmissionStatus as S
from submissions.models import Submission
from tests.factories import (
    CallFactory,
    SubmissionFactory,
    UserFactory,
    give_totp,
    make_reviewer,
)
from tests.matrix import Case, check_matrix

pytestmark = pytest.mark.django_db

PATH = [S.SUBMITTED, S.SCREENING, S.IN_REVIEW, S.AWAITING_DECISION, S.APPROVED, S.PUBLISHED]


def _walk(submission, statuses, *, start, days_each):
    """Move a submission through ``statuses`` with the engine, then date its history: the
    submission is created at ``start`` and each move comes ``days_each[i]`` days later."""
    Submission.objects.filter(pk=submission.pk).update(created_at=start)
    moment = start
    for status, days in zip(statuses, days_each, strict=True):
        transition(submission, status, actor=None)
        moment += timedelta(days=days)
        event = AuditEvent.objects.filter(target_id=str(submission.pk)).order_by("-pk").first()
        AuditEvent.objects.filter(pk=event.pk).update(created_at=moment)
    return submission


@pytest.fixture
def history():
    now = timezone.now()
    call = CallFactory()
    start = now - timedelta(days=100)
    published = _walk(
        SubmissionFactory(call=call), PATH, start=start, days_each=[2, 4, 1, 10, 3, 1]
    )
    _walk(SubmissionFactory(call=call), PATH, start=start, days_each=[4, 2, 1, 20, 1, 1])
    declined = _walk(
        SubmissionFactory(call=call, data={**published.data, "language": "fr"}),
        [S.SUBMITTED, S.SCREENING, S.DECLINED],
        start=start,
        days_each=[6, 1, 1],
    )
    waiting = _walk(SubmissionFactory(call=call), [S.SUBMITTED], start=start, days_each=[8])
    SubmissionFactory(call=call)  # a draft, never sent
    _walk(SubmissionFactory(call=CallFactory()), [S.SUBMITTED], start=now, days_each=[0])
    return {"now": now, "call": call, "declined": declined, "waiting": waiting}


def test_funnel_counts_and_median_days_follow_the_history(history):
    board = dashboard(Submission.objects.filter(call=history["call"]), history["now"])
    rows = {row.stage.key: row for row in board["funnel"]}
    assert [rows[k].reached for k in rows] == [5, 4, 3, 2, 2, 2]
    assert rows["started"].here_now == 1
    assert rows["sent"].here_now == 1
    assert rows["published"].here_now == 2
    # started→sent: 2, 4, 6, 8 days; sent→screening: 4, 2, 1; screening→review: 1, 1;
    # review→decided: 10+3 and 20+1 days; decided→published: 1 and 1.
    assert (rows["started"].days, rows["started"].measured) == (5.0, 4)
    assert (rows["sent"].days, rows["sent"].measured) == (2.0, 3)
    assert rows["screening"].days == 1.0
    assert rows["review"].days == 17.0
    assert rows["decided"].days == 1.0
    assert rows["published"].days is None
    assert board["ended"] == {"declined": 1, "withdrawn": 0}


def test_reviewers_response_rates_load_and_late_work(history):
    now = history["now"]
    ada = make_reviewer(email="ada@example.org")
    ben = make_reviewer(email="ben@example.org")
    sub = history["declined"]
    others = [SubmissionFactory(call=history["call"]) for _ in range(3)]

    def invite(reviewer, submission, status, *, answered_after=None, due_in=10):
        invited = now - timedelta(days=20)
        ReviewAssignment.objects.create(
            submission=submission,
            reviewer=reviewer,
            status=status,
            invited_at=invited,
            responded_at=invited + timedelta(days=answered_after) if answered_after else None,
            due_at=now + timedelta(days=due_in),
        )

    invite(ada, sub, AssignmentStatus.SUBMITTED, answered_after=2)
    invite(ada, others[0], AssignmentStatus.ACCEPTED, answered_after=4, due_in=-3)  # late
    invite(ada, others[1], AssignmentStatus.INVITED)
    invite(ben, others[0], AssignmentStatus.DECLINED, answered_after=1)
    invite(ben, others[1], AssignmentStatus.EXPIRED)
    invite(ben, others[2], AssignmentStatus.INVITED, due_in=-1)  # late
    board = dashboard(Submission.objects.filter(call=history["call"]), now)
    rows = {row.name: row for row in board["reviewers"]}
    assert (
        rows[ada.display_name].invited,
        rows[ada.display_name].answered,
        rows[ada.display_name].response_rate,
    ) == (3, 2, 67)
    assert (
        rows[ada.display_name].reviews,
        rows[ada.display_name].load,
        rows[ada.display_name].overdue,
    ) == (1, 2, 1)
    assert rows[ada.display_name].median_answer_days == 3.0
    assert (
        rows[ben.display_name].answered,
        rows[ben.display_name].declined,
        rows[ben.display_name].no_answer,
    ) == (1, 1, 1)
    assert (
        rows[ben.display_name].response_rate,
        rows[ben.display_name].load,
        rows[ben.display_name].overdue,
    ) == (33, 1, 1)
    late = [(item.what, item.who, item.days_late) for item in board["late"]]
    # the submission sent 92 days ago still waits for screening (14 days allowed)
    assert late[0] == ("Waiting for screening", "The Hub team", 92 - 14)
    assert ("Review not sent", ada.display_name, 3) in late
    assert ("Invitation not answered", ben.display_name, 1) in late
    assert len(late) == 3


def test_who_submits_by_type_region_and_language(history):
    board = dashboard(Submission.objects.filter(call=history["call"]), history["now"])
    kinds = dict(board["breakdowns"]["type"])
    assert kinds == {"Government": 4}  # drafts left out
    assert dict(board["breakdowns"]["language"]) == {"English": 3, "French": 1}
    assert dict(board["breakdowns"]["region"]) == {"Africa": 4}  # Ghana


def test_the_page_shows_the_figures_in_tables_and_charts(history, client):
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    client.force_login(curator)
    body = client.get("/en/insights/team/", {"call": history["call"].slug}).content.decode()
    assert "From draft to publication" in body
    assert body.count("<svg") == 4  # the funnel and who submits (three ways)
    assert "Waiting for screening" in body
    assert '<th scope="row">Government</th><td>4</td>' in body
    everything = client.get("/en/insights/team/").content.decode()
    assert '<th scope="row">Government</th><td>5</td>' in everything
    assert client.get("/en/insights/team/", {"call": "no-such-call"}).status_code == 400


def test_an_empty_hub_gives_empty_tables(client):
    client.force_login(give_totp(UserFactory(roles=["member", "curator"], is_staff=True)))
    body = client.get("/en/insights/team/").content.decode()
    assert "<svg" in body  # the funnel, all zeros
    assert "No reviewer has been invited yet." in body
    assert "Nothing is late." in body


def test_permission_matrix():
    team = {"curator": "ok", "administrator": "ok", "*": "hidden"}
    cases = [
        Case("/en/insights/", {"*": "ok"}),
        Case("/en/insights/coverage.csv", {"*": "ok"}),
        Case("/en/insights/team/", team),
    ]
    assert check_matrix(cases) == []
