"""Conflicts of interest at invitation (issue 10.5): open calls name the organisations involved;
blind calls say the reviewer's declared affiliations were checked; a declared conflict is
recorded with its reason."""

import uuid

import pytest
from django.core import mail

from core.models import AuditEvent
from reviews.choices import AssignmentStatus as A
from reviews.models import ReviewAssignment
from reviews.services.workflow import ReviewError, assignment_invite, assignment_respond
from submissions.services import submission_submit
from tests.factories import CallFactory, SubmissionFactory, UserFactory, give_totp, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return give_totp(UserFactory(roles=["member", "curator"], is_staff=True))


def _invited(curator, *, blind, reviewer, partners="", capture=None):
    call = CallFactory(blind_review=blind)
    submission = SubmissionFactory(call=call)
    submission.data = {**submission.data, "partners": partners}
    submission.save()
    submission = submission_submit(
        submission=submission, actor=submission.owner, submit_key=uuid.uuid4()
    )
    assignment = ReviewAssignment.objects.create(
        submission=submission, reviewer=reviewer, status=A.SUGGESTED
    )
    with capture(execute=True):
        return assignment_invite(assignment=assignment, actor=curator)


def test_open_call_names_the_organisations_in_the_email_and_on_the_page(
    client, curator, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer(email="rev@example.org")
    assignment = _invited(
        curator,
        blind=False,
        reviewer=reviewer,
        partners="Council of Accra",
        capture=django_capture_on_commit_callbacks,
    )
    body = mail.outbox[-1].body
    assert "The organisations involved:" in body
    assert "- Department of Social Welfare" in body
    assert "- Council of Accra" in body
    assert "decline and say why" in body
    client.force_login(reviewer)
    page = client.get(f"/en/peer-review/assignments/{assignment.pk}/").content.decode()
    assert "<li>Department of Social Welfare</li>" in page
    assert "<li>Council of Accra</li>" in page


def test_blind_call_checks_declared_affiliations_without_naming_organisations(
    client, curator, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer(email="rev@example.org")
    assignment = _invited(
        curator, blind=True, reviewer=reviewer, capture=django_capture_on_commit_callbacks
    )
    body = mail.outbox[-1].body
    assert "We checked your declared affiliations against them and found no conflict" in body
    assert "Department of Social Welfare" not in body
    client.force_login(reviewer)
    page = client.get(f"/en/peer-review/assignments/{assignment.pk}/").content.decode()
    assert "found no conflict; if you know of one, decline and say why" in page
    assert "Department of Social Welfare" not in page


def test_blind_call_warns_a_reviewer_whose_affiliation_matches(
    curator, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer(email="rev@example.org", organisation="Department of Social Welfare")
    _invited(curator, blind=True, reviewer=reviewer, capture=django_capture_on_commit_callbacks)
    body = mail.outbox[-1].body
    assert "found a possible conflict of interest" in body
    assert "found no conflict" not in body


def test_declaring_a_conflict_needs_a_reason_and_records_it(
    client, curator, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer(email="rev@example.org")
    assignment = _invited(
        curator, blind=False, reviewer=reviewer, capture=django_capture_on_commit_callbacks
    )
    with pytest.raises(ReviewError):
        assignment_respond(assignment=assignment, actor=reviewer, answer="conflict", reason=" ")
    client.force_login(reviewer)
    url = f"/en/peer-review/assignments/{assignment.pk}/"
    response = client.post(url, {"answer": "conflict", "reason": ""})
    assert "Say briefly what the conflict of interest is." in response.content.decode()
    response = client.post(url, {"answer": "conflict", "reason": "I advise the Department."})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == A.CONFLICT
    assert assignment.decline_reason == "I advise the Department."
    event = AuditEvent.objects.get(verb="assignment_conflict")
    assert event.actor == reviewer
    assert "I advise the Department." in event.note
    # The implementer goes on the reviewer's roster profile: the matching avoids it from now on.
    implementer = assignment.submission.data["implementer"]
    assert (
        implementer
        in reviewer.reviewer_profile.__class__.objects.get(user=reviewer).conflict_list()
    )
