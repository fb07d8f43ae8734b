"""The reviews policy for every role, and the review services refusing an actor the policy
refuses (the Hub itself, actor=None, may run the ones its tasks run)."""

import pytest
from django.http import Http404

from core.errors import NotAllowedError
from reviews.choices import AssignmentStatus as A
from reviews.models import ReviewAssignment, RosterApplication
from reviews.permissions import ReviewAction, get_application_for, get_assignment_for, policy
from reviews.services.matching_bridge import suggest_for_submission
from reviews.services.publication import submission_publish
from reviews.services.roster import roster_apply, roster_decide
from reviews.services.workflow import (
    assignment_invite,
    assignment_respond,
    decision_record,
    rereview_request,
    screening_decline,
    screening_request_clarification,
    screening_send_to_review,
)
from submissions.choices import SubmissionStatus as S
from tests.factories import SubmissionFactory, UserFactory, make_reviewer
from tests.matrix import ROLES, PolicyCase, check_policy_matrix

pytestmark = pytest.mark.django_db

TEAM = {"curator": True, "administrator": True}


@pytest.fixture
def assigned():
    reviewer = make_reviewer(email="assigned@example.org")
    submission = SubmissionFactory(status=S.IN_REVIEW)
    return ReviewAssignment.objects.create(
        submission=submission, reviewer=reviewer, status=A.INVITED
    )


def test_each_role_may_do_what_its_place_in_review_allows(assigned):
    application = RosterApplication.objects.create(user=UserFactory())
    cases = [
        PolicyCase(
            "reviews.review",
            {"*": False, "reviewer": True, "assigned": True, "administrator": True},
        ),
        PolicyCase("reviews.review", {"*": False, "assigned": True}, assigned),
        PolicyCase("reviews.apply", {"*": True, "anonymous": False}),
        PolicyCase("reviews.manage_roster", {"*": False, **TEAM}, application),
        PolicyCase("reviews.screen", {"*": False, **TEAM}, assigned.submission),
        PolicyCase("reviews.decide", {"*": False, **TEAM}, assigned.submission),
    ]
    actors = {"assigned": assigned.reviewer}
    assert check_policy_matrix(cases, (*ROLES, "assigned"), actors=actors) == []


def test_a_reviewer_lists_and_opens_only_their_own_assignments(assigned):
    other = make_reviewer(email="other@example.org")
    assert list(policy.instances(assigned.reviewer, ReviewAction.REVIEW)) == [assigned]
    assert not policy.instances(other, ReviewAction.REVIEW).exists()
    assert get_assignment_for(assigned.reviewer, assigned.pk) == assigned
    with pytest.raises(Http404):
        get_assignment_for(other, assigned.pk)


def test_applications_are_opened_by_the_team_only():
    application = RosterApplication.objects.create(user=UserFactory())
    curator = UserFactory(roles=["curator"])
    assert get_application_for(curator, application.pk) == application
    with pytest.raises(Http404):
        get_application_for(application.user, application.pk)


@pytest.mark.parametrize("role", ["member", "reviewer"])
def test_only_the_team_records_a_decision(assigned, role):
    actor = UserFactory(roles=[role])
    with pytest.raises(NotAllowedError):
        decision_record(
            submission=assigned.submission, actor=actor, outcome="decline", message="No"
        )
    assigned.submission.refresh_from_db()
    assert assigned.submission.status == S.IN_REVIEW
    assert not assigned.submission.decisions.exists()


def test_only_the_team_screens_and_invites(assigned):
    submitter = assigned.submission.owner
    sent = SubmissionFactory(owner=submitter, status=S.SUBMITTED)
    with pytest.raises(NotAllowedError):
        screening_send_to_review(submission=sent, actor=submitter)
    with pytest.raises(NotAllowedError):
        screening_request_clarification(submission=sent, actor=submitter, message="?")
    with pytest.raises(NotAllowedError):
        screening_decline(submission=sent, actor=submitter, message="No")
    with pytest.raises(NotAllowedError):
        rereview_request(submission=sent, actor=submitter)
    with pytest.raises(NotAllowedError):
        suggest_for_submission(submission=sent, actor=submitter)
    with pytest.raises(NotAllowedError):
        assignment_invite(assignment=assigned, actor=assigned.reviewer)
    sent.refresh_from_db()
    assert sent.status == S.SUBMITTED


def test_only_the_invited_reviewer_answers(assigned):
    with pytest.raises(NotAllowedError):
        assignment_respond(
            assignment=assigned, actor=UserFactory(roles=["curator"]), answer="accept"
        )
    answered = assignment_respond(assignment=assigned, actor=assigned.reviewer, answer="accept")
    assert answered.status == A.ACCEPTED


def test_publishing_is_for_the_team_or_the_hub_itself():
    approved = SubmissionFactory(status=S.APPROVED)
    with pytest.raises(NotAllowedError):
        submission_publish(submission=approved, actor=approved.owner)
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_roster_decisions_are_the_teams_and_applying_needs_an_account():
    application = RosterApplication.objects.create(user=UserFactory())
    with pytest.raises(NotAllowedError):
        roster_decide(application=application, actor=application.user, approve=True, message="")
    with pytest.raises(NotAllowedError):
        roster_apply(user=None, data={})
    application.refresh_from_db()
    assert application.status == "pending"
