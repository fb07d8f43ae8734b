import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import NotAllowedError
from repository.models import Practice
from reviews.choices import AssignmentStatus as A
from reviews.choices import Criterion
from reviews.models import ReviewAssignment
from reviews.selectors.workflow import other_reviews_visible, reviewer_records, version_diff
from reviews.services.matching_bridge import suggest_for_submission
from reviews.services.workflow import (
    assignment_invite,
    assignment_respond,
    decision_record,
    rereview_request,
    review_submit,
    reviews_disagree,
    screening_request_clarification,
    screening_send_to_review,
)
from submissions.choices import SubmissionStatus as S
from submissions.services import draft_save, submission_submit
from tests.factories import SubmissionFactory, UserFactory, give_totp, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return give_totp(UserFactory(roles=["member", "curator"], is_staff=True))


@pytest.fixture
def submitted():
    submission = SubmissionFactory()
    return submission_submit(submission=submission, actor=submission.owner, submit_key=uuid.uuid4())


@pytest.fixture
def roster():
    return {
        "un": make_reviewer(email="un@example.org", internal=True, objectives=(10, 7)),
        "un_fr": make_reviewer(email="un.fr@example.org", internal=True, languages=("fr",)),
        "ext1": make_reviewer(email="ext1@example.org", objectives=(10,)),
        "ext2": make_reviewer(email="ext2@example.org", objectives=(7, 10)),
        "ext3": make_reviewer(email="ext3@example.org", objectives=(1,)),
        "conflicted": make_reviewer(
            email="conflicted@example.org",
            objectives=(10,),
            organisation="Department of Social Welfare",
        ),
    }


SCORES_HIGH = {c.value: 5 for c in Criterion}
SCORES_LOW = {c.value: 1 for c in Criterion}


def _review(assignment, scores, recommendation):
    assignment_respond(assignment=assignment, actor=assignment.reviewer, answer="accept")
    return review_submit(
        assignment=assignment,
        actor=assignment.reviewer,
        scores=scores,
        comments={},
        comments_to_team="",
        comments_to_submitter="Clear and useful.",
        recommendation=recommendation,
    )


def _all_reviews_in(submission, curator):
    """Suggest and invite the rule's reviewers (1 internal, 2 external); each sends a review."""
    screening_send_to_review(submission=submission, actor=curator)
    for assignment in suggest_for_submission(submission=submission, actor=curator):
        assignment_invite(assignment=assignment, actor=curator)
        _review(ReviewAssignment.objects.get(pk=assignment.pk), SCORES_HIGH, "approve")


def test_clarification_goes_back_to_the_submitter_and_returns_to_screening(
    submitted, curator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        screening_request_clarification(
            submission=submitted, actor=curator, message="How many children were served?"
        )
    submitted.refresh_from_db()
    assert submitted.status == S.CLARIFICATION
    assert any("How many children" in m.body for m in mail.outbox)
    draft_save(
        submission=submitted,
        actor=submitted.owner,
        values={"results": "412 children."},
        base_revision=submitted.revision,
    )
    again = submission_submit(submission=submitted, actor=submitted.owner, submit_key=uuid.uuid4())
    assert again.status == S.SCREENING


def test_suggestions_respect_composition_language_and_conflicts(submitted, curator, roster):
    screening_send_to_review(submission=submitted, actor=curator)
    suggested = suggest_for_submission(submission=submitted, actor=curator)
    chosen = {a.reviewer.email for a in suggested}
    assert sum(a.is_internal for a in suggested) == 1
    assert sum(not a.is_internal for a in suggested) == 2
    assert "un.fr@example.org" not in chosen  # reads no English
    assert "conflicted@example.org" not in chosen  # works for the implementer
    assert all(a.explanation for a in suggested)


def test_decline_invites_the_next_best_reviewer(
    submitted, curator, roster, django_capture_on_commit_callbacks
):
    screening_send_to_review(submission=submitted, actor=curator)
    suggested = suggest_for_submission(submission=submitted, actor=curator)
    with django_capture_on_commit_callbacks(execute=True):
        for assignment in suggested:
            assignment_invite(assignment=assignment, actor=curator)
    external = next(a for a in suggested if not a.is_internal)
    assignment_respond(
        assignment=external, actor=external.reviewer, answer="decline", reason="Travelling"
    )
    invited = submitted.assignments.filter(status=A.INVITED, is_internal=False).exclude(
        pk=external.pk
    )
    assert invited.count() == 2
    assert external.reviewer_id not in invited.values_list("reviewer_id", flat=True)


def test_only_the_invited_reviewer_can_answer(submitted, curator, roster):
    screening_send_to_review(submission=submitted, actor=curator)
    assignment = suggest_for_submission(submission=submitted, actor=curator)[0]
    assignment_invite(assignment=assignment, actor=curator)
    with pytest.raises(NotAllowedError):
        assignment_respond(assignment=assignment, actor=roster["ext3"], answer="accept")


def test_disagreement_proposes_a_tie_break_reviewer(submitted, curator, roster):
    screening_send_to_review(submission=submitted, actor=curator)
    first, second, *_ = suggest_for_submission(submission=submitted, actor=curator)
    for assignment in (first, second):
        assignment_invite(assignment=assignment, actor=curator)
    _review(ReviewAssignment.objects.get(pk=first.pk), SCORES_HIGH, "approve")
    _review(ReviewAssignment.objects.get(pk=second.pk), SCORES_LOW, "decline")
    tie_break = submitted.assignments.filter(tie_break=True).first()
    assert tie_break is not None
    assert tie_break.reviewer_id not in (first.reviewer_id, second.reviewer_id)


def test_reviews_are_hidden_from_other_reviewers_until_they_submit(submitted, curator, roster):
    screening_send_to_review(submission=submitted, actor=curator)
    first, second, *_ = suggest_for_submission(submission=submitted, actor=curator)
    for assignment in (first, second):
        assignment_invite(assignment=assignment, actor=curator)
    _review(ReviewAssignment.objects.get(pk=first.pk), SCORES_HIGH, "approve")
    second = ReviewAssignment.objects.get(pk=second.pk)
    assert not other_reviews_visible(second).exists()
    _review(second, SCORES_HIGH, "minor")
    assert other_reviews_visible(second).count() == 1


def test_changes_then_rereview_with_a_diff(submitted, curator, roster):
    screening_send_to_review(submission=submitted, actor=curator)
    first = suggest_for_submission(submission=submitted, actor=curator)[0]
    assignment_invite(assignment=first, actor=curator)
    _review(ReviewAssignment.objects.get(pk=first.pk), SCORES_HIGH, "minor")
    decision_record(
        submission=submitted, actor=curator, outcome="changes", message="Please add evidence."
    )
    submitted.refresh_from_db()
    assert submitted.status == S.CHANGES_REQUESTED
    draft_save(
        submission=submitted,
        actor=submitted.owner,
        values={"results": "Four hundred and twelve children were housed."},
        base_revision=submitted.revision,
    )
    resubmitted = submission_submit(
        submission=submitted, actor=submitted.owner, submit_key=uuid.uuid4()
    )
    assert resubmitted.status == S.IN_REVIEW
    reopened = rereview_request(submission=resubmitted, actor=curator)
    assert [a.version for a in reopened] == [2]
    changes = version_diff(resubmitted, 1, 2)
    assert [str(c["label"]) for c in changes] == ["Benefit and impact: key results"]
    assert ("+", "twelve") in changes[0]["words"]


def test_disagreement_rule():
    class R:
        def __init__(self, recommendation, mean):
            self.recommendation, self.mean_score = recommendation, mean

    assert reviews_disagree([R("approve", 4.5), R("decline", 2.0)])
    assert reviews_disagree([R("minor", 4.8), R("major", 1.5)])
    assert not reviews_disagree([R("approve", 4.5), R("minor", 4.0)])


def test_approval_publishes_the_practice_in_the_repository(
    client, submitted, curator, roster, django_capture_on_commit_callbacks
):
    _all_reviews_in(submitted, curator)
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            submission=submitted, actor=curator, outcome="approve", message="Approved, thank you."
        )
    submitted.refresh_from_db()
    assert submitted.status == S.PUBLISHED
    practice = Practice.objects.get(source_submission_id=submitted.pk)
    assert practice.title == submitted.title
    page = client.get(practice.get_absolute_url())
    assert page.status_code == 200
    assert submitted.title in page.content.decode()
    assert "focal.point@example.org" not in page.content.decode()


def test_approval_at_a_later_instant_waits(
    submitted, curator, roster, django_capture_on_commit_callbacks
):

    _all_reviews_in(submitted, curator)
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            submission=submitted,
            actor=curator,
            outcome="approve",
            message="Approved.",
            publish_at=timezone.now() + timedelta(days=30),
        )
    submitted.refresh_from_db()
    assert submitted.status == S.APPROVED


def test_reviewer_record_counts_accepted_declined_and_on_time(submitted, curator, roster):
    screening_send_to_review(submission=submitted, actor=curator)
    first, second, *_ = suggest_for_submission(submission=submitted, actor=curator)
    for assignment in (first, second):
        assignment_invite(assignment=assignment, actor=curator)
    _review(ReviewAssignment.objects.get(pk=first.pk), SCORES_HIGH, "approve")
    assignment_respond(
        assignment=ReviewAssignment.objects.get(pk=second.pk),
        actor=second.reviewer,
        answer="decline",
    )
    records = reviewer_records([first.reviewer_id, second.reviewer_id])
    assert records[first.reviewer_id] == {
        "accepted": 1,
        "declined": 0,
        "unanswered": 0,
        "reviews_sent": 1,
        "on_time": 1,
    }
    assert records[second.reviewer_id]["declined"] == 1
