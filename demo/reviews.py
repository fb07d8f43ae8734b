"""Demo peer review: the roster (roster.py), then reviewers invited, accepting, reviewing
and disagreeing on the demo submissions that are in review."""

from datetime import UTC, date, datetime

from django.utils import timezone

from accounts.models import User
from repository.models import Practice
from reviews.choices import AssignmentStatus as A
from reviews.choices import Criterion, Outcome
from reviews.models import Decision, ReviewAssignment
from reviews.services.matching_bridge import suggest_for_submission
from reviews.services.publication import submission_item_publish
from reviews.services.workflow import assignment_invite, assignment_respond, review_submit
from submissions.choices import SubmissionStatus as S
from submissions.models import Submission

from . import roster


def _review(assignment: ReviewAssignment, score: int, recommendation: str) -> None:
    assignment_respond(assignment=assignment, actor=assignment.reviewer, answer="accept")
    review_submit(
        assignment=assignment,
        actor=assignment.reviewer,
        scores={c.value: score for c in Criterion},
        comments={},
        comments_to_team="",
        comments_to_submitter="The results are well documented; please add the cost per person served.",
        recommendation=recommendation,
    )


def _populate(submission: Submission, curator: User) -> None:
    suggestions = suggest_for_submission(submission=submission, actor=curator)
    for assignment in suggestions:
        assignment_invite(assignment=assignment, actor=curator)
    invited = list(submission.assignments.filter(status=A.INVITED).select_related("reviewer"))
    if len(invited) >= 3:
        _review(invited[0], 5, "approve")  # one review in
        assignment_respond(
            assignment=invited[1], actor=invited[1].reviewer, answer="accept"
        )  # one accepted
        # the third is still waiting for an answer


def _published_items(curator: User) -> int:
    """Demo submissions marked published get their public page; approved ones wait for the
    next World Day against Trafficking in Persons (30 July)."""
    created = 0
    for submission in Submission.objects.filter(status=S.PUBLISHED):
        if not Practice.objects.filter(source_submission_id=submission.pk).exists():
            submission_item_publish(submission=submission, actor=curator)
            created += 1
    today = timezone.localdate()
    year = today.year + (today >= date(today.year, 7, 30))
    world_day = datetime(year, 7, 30, 9, 0, tzinfo=UTC)
    for submission in Submission.objects.filter(status=S.APPROVED, decisions__isnull=True):
        Decision.objects.create(
            submission=submission,
            outcome=Outcome.APPROVE,
            message="Approved; it will be featured on the World Day.",
            publish_at=world_day,
            decided_by=curator,
        )
        created += 1
    return created


def load() -> int:
    created = roster.load()
    curator = User.objects.filter(email="curator@example.org").first()
    if curator is None:
        return created
    for submission in Submission.objects.filter(status=S.IN_REVIEW):
        if not submission.assignments.exists():
            _populate(submission, curator)
            created += 1
    return created + _published_items(curator)
