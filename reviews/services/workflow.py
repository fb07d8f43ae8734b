"""The review workflow: screening, assignment, reviews and decisions. Every change is a guarded,
audited transaction; e-mails go out after commit in the recipient's language."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import AuditVerb
from core.services import audit_record
from core.tasks import enqueue_on_commit, task_named
from core.types import Actor, signed_in
from core.workflow import transition
from submissions.choices import SubmissionStatus as S
from submissions.models import Submission
from submissions.services import message_post, submission_transition

from ..choices import (
    AssignmentStatus as A,
)
from ..choices import (
    Criterion,
    Outcome,
    Recommendation,
)
from ..errors import AssignmentTransitionError, ReviewError
from ..models import Decision, Review, ReviewAssignment, ReviewerProfile
from ..permissions import ReviewAction, policy
from ..selectors.progress import review_progress
from .matching_bridge import best_additional
from .publication import publishable_record

__all__ = ["AssignmentTransitionError", "ReviewError"]  # re-exported for the views

DEFAULT_REVIEW_DAYS = 21
SCORE_SPREAD_THRESHOLD = 2  # a spread of mean scores above this is a disagreement

# The tasks import these services: the services find them by name (core.tasks.task_named).
NOTIFY_TASK = "reviews.tasks.notify_submitter"
INVITE_TASK = "reviews.tasks.send_review_invitation"
PUBLISH_TASK = "reviews.tasks.publish_when_due"


def _ensure_screening(submission: Submission, actor: Actor) -> Submission:
    if submission.status == S.SUBMITTED:
        submission = submission_transition(submission=submission, to=S.SCREENING, actor=actor)
    return submission


@transaction.atomic
def screening_send_to_review(*, submission: Submission, actor: Actor) -> Submission:
    policy.require(actor, ReviewAction.SCREEN, submission)
    submission = _ensure_screening(submission, actor)
    return submission_transition(submission=submission, to=S.IN_REVIEW, actor=actor)


@transaction.atomic
def screening_request_clarification(
    *, submission: Submission, actor: Actor, message: str
) -> Submission:
    """Send the submission back to its submitters with a question; their reply returns it to
    screening."""
    policy.require(actor, ReviewAction.SCREEN, submission)
    submission = _ensure_screening(submission, actor)
    submission = submission_transition(
        submission=submission, to=S.CLARIFICATION, actor=actor, note=message
    )
    message_post(submission=submission, author=actor, body=message, from_hub_team=True)
    _notify_submitter(submission, "submission_clarification", message)
    return submission


@transaction.atomic
def screening_decline(*, submission: Submission, actor: Actor, message: str) -> Submission:
    policy.require(actor, ReviewAction.SCREEN, submission)
    submission = _ensure_screening(submission, actor)
    submission = submission_transition(
        submission=submission, to=S.DECLINED, actor=actor, note=message
    )
    message_post(submission=submission, author=actor, body=message, from_hub_team=True)
    _notify_submitter(submission, "submission_declined", message)
    return submission


def _notify_submitter(submission: Submission, kind: str, message: str) -> None:

    enqueue_on_commit(task_named(NOTIFY_TASK), submission.pk, kind, message)


def _due(submission: Submission) -> datetime:
    days = submission.call.review_days if submission.call else DEFAULT_REVIEW_DAYS
    return timezone.now() + timedelta(days=days)


@transaction.atomic
def assignment_invite(*, assignment: ReviewAssignment, actor: Actor) -> ReviewAssignment:
    policy.require(actor, ReviewAction.SCREEN, system=True)  # tasks replace reviewers

    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("submission", "reviewer")
        .get(pk=assignment.pk)
    )
    changes = {
        "invited_at": timezone.now(),
        "due_at": _due(assignment.submission),
        "version": max(assignment.submission.versions.count(), 1),
    }
    transition(assignment, A.INVITED, actor=actor, changes=changes)
    _reopen_review(assignment.submission, actor)
    enqueue_on_commit(task_named(INVITE_TASK), assignment.pk)
    return assignment


@transaction.atomic
def assignment_respond(
    *, assignment: ReviewAssignment, actor: Actor, answer: str, reason: str = ""
) -> ReviewAssignment:
    """The reviewer accepts, declines (with a reason) or declares a conflict of interest.
    After a decline or a conflict, the next-best eligible reviewer is invited."""
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("submission", "reviewer")
        .get(pk=assignment.pk)
    )
    policy.require(actor, ReviewAction.REVIEW, assignment)
    target = {"accept": A.ACCEPTED, "decline": A.DECLINED, "conflict": A.CONFLICT}[answer]
    if target == A.CONFLICT and not reason.strip():
        raise ReviewError(_("Say briefly what the conflict of interest is."))
    changes = {"responded_at": timezone.now(), "decline_reason": reason}
    transition(assignment, target, actor=actor, note=reason, changes=changes)
    if target == A.CONFLICT:
        _remember_conflict(assignment)
    if target != A.ACCEPTED:
        replace_reviewer(submission=assignment.submission, leaving=assignment, actor=None)
        advance_when_reviews_complete(submission=assignment.submission)
    return assignment


def _remember_conflict(assignment: ReviewAssignment) -> None:
    """A declared conflict goes on the reviewer's roster profile (the main implementer), so the
    matching never proposes the reviewer for that organisation's items again."""
    implementer = str(assignment.submission.data.get("implementer", "")).strip()
    profile = ReviewerProfile.objects.select_for_update().filter(user=assignment.reviewer).first()
    if not implementer or profile is None:
        return
    known = {name.casefold() for name in profile.conflict_list()}
    if implementer.casefold() not in known:
        profile.conflicts = "\n".join([*profile.conflict_list(), implementer])
        profile.save(update_fields=["conflicts", "updated_at"])


@transaction.atomic
def assignment_expire(
    *, assignment: ReviewAssignment, actor: Actor = None, note: str = "no answer"
) -> bool:
    """Close an invitation left unanswered and invite the next-best reviewer. The row is read
    again under a lock: an invitation answered in the meantime is left alone (returns False)."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != A.INVITED:
        return False
    transition(assignment, A.EXPIRED, actor=actor, note=note)
    replace_reviewer(submission=assignment.submission, leaving=assignment, actor=actor)
    advance_when_reviews_complete(submission=assignment.submission)
    return True


def replace_reviewer(
    *, submission: Submission, leaving: ReviewAssignment, actor: Actor
) -> ReviewAssignment | None:
    """Invite the best eligible reviewer of the same kind (internal or external) not yet asked."""
    policy.require(actor, ReviewAction.SCREEN, system=True)  # tasks replace reviewers

    candidate = best_additional(submission=submission, internal=leaving.is_internal)
    if candidate is None:
        audit_record(
            actor=actor,
            target=submission,
            verb=AuditVerb.REPLACEMENT_NOT_FOUND,
            note=leaving.reviewer.email,
        )
        return None
    candidate.tie_break = leaving.tie_break
    candidate.save()
    return assignment_invite(assignment=candidate, actor=actor)


@transaction.atomic
def review_submit(
    *,
    assignment: ReviewAssignment,
    actor: Actor,
    scores: dict[str, int],
    comments: dict[str, str],
    comments_to_team: str,
    comments_to_submitter: str,
    recommendation: str,
) -> Review:
    """Record a review of the current version, then check whether reviewers disagree."""
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("submission", "reviewer")
        .get(pk=assignment.pk)
    )
    policy.require(actor, ReviewAction.REVIEW, assignment)
    if set(scores) != set(Criterion.values) or not all(1 <= int(v) <= 5 for v in scores.values()):
        raise ReviewError(_("Give every criterion a score from 1 to 5."))
    if recommendation not in Recommendation.values:
        raise ReviewError(_("Choose a recommendation."))
    review = Review(
        assignment=assignment,
        version=assignment.version,
        scores={k: int(v) for k, v in scores.items()},
        comments=comments,
        comments_to_team=comments_to_team,
        comments_to_submitter=comments_to_submitter,
        recommendation=recommendation,
        conflict_confirmed=True,
    )
    review.full_clean()
    review.save()
    transition(assignment, A.SUBMITTED, actor=actor)
    propose_tie_break_if_needed(submission=assignment.submission)
    advance_when_reviews_complete(submission=assignment.submission)
    return review


def _reopen_review(submission: Submission, actor: Actor) -> None:
    """Another reviewer is asked after the reviews were complete: the item is in review again."""
    if submission.status == S.AWAITING_DECISION:
        submission_transition(submission=submission, to=S.IN_REVIEW, actor=actor)


def advance_when_reviews_complete(*, submission: Submission) -> Submission:
    """Once the review rule is met and no invited reviewer is still awaited, the submission
    waits for the Hub team's decision (an audited status change)."""
    submission = Submission.objects.select_related("call").get(pk=submission.pk)
    if submission.status != S.IN_REVIEW:
        return submission
    progress = review_progress(submission)
    if not progress.met or progress.pending:
        return submission
    return submission_transition(submission=submission, to=S.AWAITING_DECISION, actor=None)


def reviews_disagree(reviews: list[Review]) -> bool:
    """Approve against decline, or mean scores further apart than the threshold."""
    recommendations = {r.recommendation for r in reviews}
    if {Recommendation.APPROVE, Recommendation.DECLINE} <= recommendations:
        return True
    means = [r.mean_score for r in reviews]
    return len(means) > 1 and max(means) - min(means) > SCORE_SPREAD_THRESHOLD


def propose_tie_break_if_needed(*, submission: Submission) -> ReviewAssignment | None:
    """When the current version's reviews disagree, suggest one more reviewer (once)."""
    version = max(submission.versions.count(), 1)
    reviews = list(Review.objects.filter(assignment__submission=submission, version=version))
    if len(reviews) < 2 or not reviews_disagree(reviews):
        return None
    if (
        submission.assignments.filter(tie_break=True)
        .exclude(status__in=[A.DECLINED, A.CONFLICT, A.EXPIRED, A.CANCELLED])
        .exists()
    ):
        return None
    candidate = best_additional(submission=submission, internal=None)
    if candidate is not None:
        candidate.tie_break = True
        candidate.save(update_fields=["tie_break"])
        audit_record(
            actor=None,
            target=submission,
            verb=AuditVerb.TIE_BREAK_SUGGESTED,
            note=candidate.reviewer.email,
        )
    return candidate


@transaction.atomic
def rereview_request(*, submission: Submission, actor: Actor) -> list[ReviewAssignment]:
    """After the submitter sent a new version, ask the same reviewers to review it."""
    policy.require(actor, ReviewAction.SCREEN, submission)

    version = submission.versions.count()
    reopened = []
    for assignment in submission.assignments.select_for_update().filter(
        status=A.SUBMITTED, version__lt=version
    ):
        changes = {"version": version, "due_at": _due(submission)}
        transition(assignment, A.ACCEPTED, actor=actor, note=f"version {version}", changes=changes)
        reopened.append(assignment)
        enqueue_on_commit(task_named(INVITE_TASK), assignment.pk)
    return reopened


def _check_review_rule(
    submission: Submission, actor: Actor, *, override: bool, override_reason: str
) -> None:
    """An approval needs the review rule met; an exception needs an explicit, reasoned override,
    recorded in the history."""
    progress = review_progress(submission)
    if progress.met:
        return
    if not override:
        raise ReviewError(
            _("This submission cannot be approved yet. %(rule)s %(progress)s"),
            rule=progress.rule(),
            progress=progress.sentence(),
        )
    if not override_reason.strip():
        raise ReviewError(_("Say why you approve without the full review rule."))
    audit_record(
        actor=actor,
        target=submission,
        verb=AuditVerb.REVIEW_RULE_OVERRIDDEN,
        note=override_reason.strip(),
    )


@transaction.atomic
def decision_record(
    *,
    submission: Submission,
    actor: Actor,
    outcome: str,
    message: str,
    publish_at: datetime | None = None,
    override_review_rule: bool = False,
    override_reason: str = "",
) -> Decision:
    """Approve, request changes or decline, with a message to the submitters. Approval needs
    content the repository can publish (checked first: a refusal decides nothing) and the
    call's review rule met, or an explicit override with a reason (audited)."""
    policy.require(actor, ReviewAction.DECIDE, submission)
    if outcome == Outcome.APPROVE:
        publishable_record(submission)  # refuses, naming what is missing, before any decision
        _check_review_rule(
            submission, actor, override=override_review_rule, override_reason=override_reason
        )
    target = {
        Outcome.APPROVE: S.APPROVED,
        Outcome.CHANGES: S.CHANGES_REQUESTED,
        Outcome.DECLINE: S.DECLINED,
    }[Outcome(outcome)]
    submission = submission_transition(submission=submission, to=target, actor=actor, note=message)
    decision = Decision.objects.create(
        submission=submission,
        outcome=outcome,
        message=message,
        publish_at=publish_at,
        decided_by=signed_in(actor),
    )
    message_post(submission=submission, author=actor, body=message, from_hub_team=True)
    _notify_submitter(submission, f"decision_{outcome}", message)
    if outcome == Outcome.APPROVE:
        _schedule_publication(submission, publish_at)
    return decision


def _schedule_publication(submission: Submission, publish_at: datetime | None) -> None:
    if publish_at is None or publish_at <= timezone.now():
        enqueue_on_commit(task_named(PUBLISH_TASK), submission.pk)
        return
    enqueue_on_commit(task_named(PUBLISH_TASK), submission.pk, when=publish_at)
