"""Status changes that used to bypass the workflow engine: the bulk cancellation of earlier
suggestions (a silent ``.update``) and the expiry of unanswered invitations (a task that saved
without a lock)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from core.audit import describe_all
from core.choices import AuditVerb
from core.models import AuditEvent
from reviews.choices import AssignmentStatus as A
from reviews.models import ReviewAssignment
from reviews.services.matching_bridge import region_lookup, suggest_for_submission
from reviews.services.workflow import (
    assignment_expire,
    assignment_invite,
    assignment_respond,
    screening_send_to_review,
)
from reviews.tasks import NO_ANSWER_AFTER, review_reminders
from submissions.services import submission_submit
from tests.factories import SubmissionFactory, UserFactory, give_totp, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return give_totp(UserFactory(roles=["member", "curator"], is_staff=True))


@pytest.fixture
def in_review(curator):
    for email, internal, objectives in [
        ("un@example.org", True, (10, 7)),
        ("un2@example.org", True, (10,)),
        ("ext1@example.org", False, (10,)),
        ("ext2@example.org", False, (7, 10)),
        ("ext3@example.org", False, (10,)),
    ]:
        make_reviewer(email=email, internal=internal, objectives=objectives)
    submission = SubmissionFactory()
    submission = submission_submit(
        submission=submission, actor=submission.owner, submit_key=uuid.uuid4()
    )
    return screening_send_to_review(submission=submission, actor=curator)


def _events(submission, verb):
    return AuditEvent.objects.filter(target_id=str(submission.pk), verb=verb).order_by("pk")


def test_asking_for_suggestions_again_cancels_the_earlier_ones_in_the_history(in_review, curator):
    first = suggest_for_submission(submission=in_review, actor=curator)
    assert first
    suggest_for_submission(submission=in_review, actor=curator)
    for assignment in first:
        assert ReviewAssignment.objects.get(pk=assignment.pk).status == A.CANCELLED
    events = list(_events(in_review, AuditVerb.ASSIGNMENT_CANCELLED))
    assert len(events) == len(first)
    assert {e.note for e in events} == {a.reviewer.email for a in first}
    assert {(e.from_status, e.to_status, e.actor) for e in events} == {
        (A.SUGGESTED, A.CANCELLED, curator)
    }
    with translation.override("en"):
        sentence = describe_all(events[:1])[0].sentence
    assert sentence.endswith("is no longer suggested as a reviewer")


def _invite_all(submission, curator):
    suggested = suggest_for_submission(submission=submission, actor=curator)
    return [assignment_invite(assignment=a, actor=curator) for a in suggested]


def _age(assignment):
    long_ago = timezone.now() - NO_ANSWER_AFTER - timedelta(days=1)
    ReviewAssignment.objects.filter(pk=assignment.pk).update(invited_at=long_ago)


def test_an_unanswered_invitation_expires_audited_and_the_next_reviewer_is_invited(
    in_review, curator
):
    invited = _invite_all(in_review, curator)
    late = next(a for a in invited if not a.is_internal)
    _age(late)
    assert review_reminders.call() == 1
    assert ReviewAssignment.objects.get(pk=late.pk).status == A.EXPIRED
    event = _events(in_review, AuditVerb.ASSIGNMENT_EXPIRED).get()
    assert (event.from_status, event.to_status, event.actor) == (A.INVITED, A.EXPIRED, None)
    assert event.note == f"{late.reviewer.email} no answer"
    others = in_review.assignments.filter(status=A.INVITED, is_internal=False).exclude(pk=late.pk)
    assert late.reviewer_id not in others.values_list("reviewer_id", flat=True)
    assert others.count() == len([a for a in invited if not a.is_internal])


def test_an_invitation_answered_meanwhile_is_not_expired(in_review, curator):
    invited = _invite_all(in_review, curator)
    late = invited[0]
    stale = ReviewAssignment.objects.get(pk=late.pk)  # read by the task before the answer
    assignment_respond(assignment=late, actor=late.reviewer, answer="accept")
    assert assignment_expire(assignment=stale) is False
    assert ReviewAssignment.objects.get(pk=late.pk).status == A.ACCEPTED
    assert not _events(in_review, AuditVerb.ASSIGNMENT_EXPIRED).exists()


@pytest.mark.django_db
def test_regional_balance_counts_sub_regions_not_continents():
    region_of = region_lookup()
    assert region_of("GH") != region_of("MA")  # Sub-Saharan and Northern Africa
    assert region_of("GH") == region_of("KE")
    assert region_of("ZZ") is None


def test_review_reminders_run_twice_remind_once(in_review, curator, mailoutbox):
    """At-least-once delivery: a second run of the daily job (or a redelivered one) finds the
    reminder claimed and sends nothing more."""
    accepted = _invite_all(in_review, curator)[0]
    assignment_respond(assignment=accepted, actor=accepted.reviewer, answer="accept")
    ReviewAssignment.objects.filter(pk=accepted.pk).update(
        due_at=timezone.now() + timedelta(days=1)
    )
    mailoutbox.clear()

    assert review_reminders.call() == 1
    assert review_reminders.call() == 0
    assert [m.to for m in mailoutbox] == [[accepted.reviewer.email]]
