"""The review rule (issue 10.1): approval needs the call's reviews in, or an explicit, audited
exception; complete reviews move the item to “awaiting decision”; the team is told in plain
words what is missing."""

import uuid

import pytest

from core.models import AuditEvent
from reviews.choices import Criterion
from reviews.models import Decision, ReviewAssignment
from reviews.selectors.progress import ReviewProgress, Side
from reviews.services.matching_bridge import suggest_for_submission
from reviews.services.workflow import (
    ReviewError,
    assignment_invite,
    assignment_respond,
    decision_record,
    review_submit,
    screening_send_to_review,
)
from submissions.choices import SubmissionStatus as S
from submissions.services import submission_submit
from tests.factories import SubmissionFactory, UserFactory, give_totp, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return give_totp(UserFactory(roles=["member", "curator"], is_staff=True))


@pytest.fixture
def in_review(curator):
    """A submission in review with the rule's three reviewers (1 UN, 2 external) invited."""
    make_reviewer(email="un@example.org", internal=True, objectives=(10, 7))
    make_reviewer(email="ext1@example.org", objectives=(10,))
    make_reviewer(email="ext2@example.org", objectives=(7, 10))
    make_reviewer(email="ext3@example.org", objectives=(1,))
    submission = SubmissionFactory()
    submission = submission_submit(
        submission=submission, actor=submission.owner, submit_key=uuid.uuid4()
    )
    screening_send_to_review(submission=submission, actor=curator)
    for assignment in suggest_for_submission(submission=submission, actor=curator):
        assignment_invite(assignment=assignment, actor=curator)
    return submission


def _review(assignment):
    assignment = ReviewAssignment.objects.get(pk=assignment.pk)
    assignment_respond(assignment=assignment, actor=assignment.reviewer, answer="accept")
    review_submit(
        assignment=assignment,
        actor=assignment.reviewer,
        scores={c.value: 4 for c in Criterion},
        comments={},
        comments_to_team="",
        comments_to_submitter="Useful.",
        recommendation="approve",
    )


def _internal(submission):
    return submission.assignments.get(is_internal=True, status="invited")


def _externals(submission):
    return list(submission.assignments.filter(is_internal=False, status="invited"))


def test_approval_with_one_of_three_reviews_is_refused_and_says_what_is_missing(in_review, curator):
    _review(_internal(in_review))
    with pytest.raises(ReviewError) as refused:
        decision_record(submission=in_review, actor=curator, outcome="approve", message="OK")
    text = str(refused.value.message)
    assert "1 of 3 required reviews in" in text
    assert "waiting for 2 external reviewers to answer the invitation" in text
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW
    assert not Decision.objects.filter(submission=in_review).exists()


def test_changes_and_decline_need_no_complete_review(in_review, curator):
    decision_record(submission=in_review, actor=curator, outcome="changes", message="Add data.")
    in_review.refresh_from_db()
    assert in_review.status == S.CHANGES_REQUESTED


def test_an_override_needs_a_reason_and_is_recorded(in_review, curator):
    _review(_internal(in_review))
    with pytest.raises(ReviewError):
        decision_record(
            submission=in_review,
            actor=curator,
            outcome="approve",
            message="OK",
            override_review_rule=True,
            override_reason="  ",
        )
    decision_record(
        submission=in_review,
        actor=curator,
        outcome="approve",
        message="OK",
        publish_at=None,
        override_review_rule=True,
        override_reason="Reviewed at the 2026 regional meeting by three experts.",
    )
    in_review.refresh_from_db()
    assert in_review.status in (S.APPROVED, S.PUBLISHED)
    event = AuditEvent.objects.get(target_id=str(in_review.pk), verb="review_rule_overridden")
    assert event.actor == curator
    assert event.note == "Reviewed at the 2026 regional meeting by three experts."


def test_the_last_required_review_moves_the_item_to_awaiting_decision(in_review, curator):
    _review(_internal(in_review))
    first, second = _externals(in_review)
    _review(first)
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW
    _review(second)
    in_review.refresh_from_db()
    assert in_review.status == S.AWAITING_DECISION
    assert AuditEvent.objects.filter(
        target_id=str(in_review.pk), verb="status_changed", to_status=S.AWAITING_DECISION
    ).exists()
    decision_record(submission=in_review, actor=curator, outcome="approve", message="Thank you.")
    assert not AuditEvent.objects.filter(verb="review_rule_overridden").exists()


def test_inviting_one_more_reviewer_puts_the_item_back_in_review(in_review, curator):
    for assignment in [_internal(in_review), *_externals(in_review)]:
        _review(assignment)
    in_review.refresh_from_db()
    assert in_review.status == S.AWAITING_DECISION
    extra = make_reviewer(email="extra@example.org", objectives=(10,))
    assignment = ReviewAssignment.objects.create(
        submission=in_review, reviewer=extra, status="suggested"
    )
    assignment_invite(assignment=assignment, actor=curator)
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW


def test_workspace_says_what_is_missing_and_offers_approval_only_as_an_exception(
    client, in_review, curator
):
    _review(_internal(in_review))
    client.force_login(curator)
    body = client.get(f"/en/peer-review/submissions/{in_review.uuid}/").content.decode()
    assert (
        "1 of 3 required reviews in: waiting for 2 external reviewers to answer the invitation."
        in body
    )
    assert ">Approve</a>" not in body
    assert "Approve as a rare exception, with a reason" in body
    assert ">Request changes</a>" in body


def test_decide_form_refuses_approval_until_the_override_is_ticked_with_a_reason(
    client, in_review, curator
):
    _review(_internal(in_review))
    client.force_login(curator)
    url = f"/en/peer-review/submissions/{in_review.uuid}/decide/"
    page = client.get(url + "?outcome=approve").content.decode()
    assert "The review rule is not met yet." in page
    response = client.post(url, {"outcome": "approve", "message": "Approved."})
    assert response.status_code == 400
    assert "The review rule is not met yet: 1 of 3 required reviews in" in response.content.decode()
    response = client.post(
        url, {"outcome": "approve", "message": "Approved.", "override_review_rule": "on"}
    )
    assert response.status_code == 400
    assert "Say why you approve without the full review rule." in response.content.decode()
    assert not Decision.objects.filter(submission=in_review).exists()
    response = client.post(
        url,
        {
            "outcome": "approve",
            "message": "Approved.",
            "override_review_rule": "on",
            "override_reason": "Two reviewers left the roster; the board read it.",
        },
    )
    assert response.status_code == 302
    history = client.get(f"/en/peer-review/submissions/{in_review.uuid}/").content.decode()
    assert "Approved without the full review rule" in history
    assert "Two reviewers left the roster; the board read it." in history


def test_queue_says_no_reviewers_assigned_yet_instead_of_zero_of_zero(client, curator):
    submission = SubmissionFactory()
    submission_submit(submission=submission, actor=submission.owner, submit_key=uuid.uuid4())
    client.force_login(curator)
    body = client.get("/en/peer-review/screening/").content.decode()
    assert "No reviewers assigned yet" in body
    assert "0 of 0" not in body


def test_queue_counts_reviews_against_the_rule(client, in_review, curator):
    _review(_internal(in_review))
    client.force_login(curator)
    body = client.get("/en/peer-review/screening/").content.decode()
    assert "1 of 3 required reviews in" in body


def test_workspace_history_and_suggestions_read_as_sentences(client, in_review, curator):
    _review(_internal(in_review))
    client.force_login(curator)
    body = client.get(f"/en/peer-review/submissions/{in_review.uuid}/").content.decode()
    history = body.split('id="history-title"')[1]
    assert f"Sent to review by {curator.display_name}" in history
    assert f"{curator.display_name} invited" in history
    assert " to review" in history
    assert "sent a review" in history
    for code in ("status_changed", "assignment_invited", "in_review", "→"):
        assert code not in history
    reviewers = body.split('id="assign-title"')[1].split('id="reviews-title"')[0]
    assert "affinity" not in reviewers
    assert "text:" not in reviewers
    assert "reads English" in reviewers
    assert "Works on the same GCM objectives (10, 7), reads English" in reviewers


def test_reviews_show_criteria_by_name_and_the_submitter_sees_reviews_complete(
    client, in_review, curator
):
    for assignment in [_internal(in_review), *_externals(in_review)]:
        _review(assignment)
    client.force_login(curator)
    body = client.get(f"/en/peer-review/submissions/{in_review.uuid}/").content.decode()
    assert '<th scope="row">Relevance to the GCM objectives</th>' in body
    assert ">relevance<" not in body
    client.force_login(in_review.owner)
    page = client.get(f"/en/submit/{in_review.uuid}/").content.decode()
    assert "Reviews complete, awaiting decision" in page


def test_safeguarding_flags_name_the_kind_of_personal_data(client, in_review, curator):
    in_review.flags.create(
        field="summary", kind="phone", excerpt="+233 20 000 0000", fingerprint="x"
    )
    client.force_login(curator)
    body = client.get(f"/en/peer-review/submissions/{in_review.uuid}/").content.decode()
    assert '<span class="tag">Phone number</span>' in body
    assert '<span class="tag">phone</span>' not in body


def test_progress_sentence_names_each_kind_and_state():
    progress = ReviewProgress(
        internal=Side(need=1),
        external=Side(need=2, got=1, accepted=1),
        assigned=2,
        pending=1,
    )
    assert not progress.met
    assert progress.got == 1
    assert progress.sentence() == (
        "1 of 3 required reviews in: 1 more internal (UN) reviewer to invite; waiting for the "
        "review of 1 external reviewer who accepted."
    )
    extra = ReviewProgress(
        internal=Side(need=1, got=2), external=Side(need=2, got=2), assigned=4, pending=0
    )
    assert extra.met
    assert extra.got == 3
    assert extra.sentence() == "All 3 required reviews are in."
