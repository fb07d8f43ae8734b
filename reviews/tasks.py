"""Background work of peer review: invitations, reminders, notices to submitters, publication."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from core.links import absolute_url
from core.services import notify
from core.tasks import register_tasks
from submissions.models import Submission

from .choices import AssignmentStatus as A
from .models import ReviewAssignment
from .selectors.conflicts import conflict_check
from .selectors.publication import publication_state
from .services.publication import publication_failed_record, submission_publish
from .services.workflow import assignment_expire

REMIND_BEFORE = timedelta(days=3)
NO_ANSWER_AFTER = timedelta(days=getattr(settings, "HUB_INVITATION_EXPIRY_DAYS", 7))


def _send(user, template: str, context: dict) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {**context, "user": user}
        subject = render_to_string(f"reviews/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"reviews/email/{template}.txt", context)
    notify(user=user, subject=subject, body=body)


@task()
def send_review_invitation(assignment_id: int) -> None:
    assignment = ReviewAssignment.objects.select_related("submission", "reviewer").get(
        pk=assignment_id
    )

    url = absolute_url(reverse("reviews:assignment", kwargs={"pk": assignment.pk}))
    _send(
        assignment.reviewer,
        "invitation",
        {"assignment": assignment, "url": url, "check": conflict_check(assignment)},
    )


@task()
def notify_submitter(submission_id: int, kind: str, message: str) -> None:
    submission = Submission.objects.select_related("owner").get(pk=submission_id)
    url = absolute_url(reverse("submissions:detail", kwargs={"uuid": submission.uuid}))
    for person in [submission.owner, *submission.co_submitters.all()]:
        _send(
            person,
            "submitter_notice",
            {"submission": submission, "kind": kind, "message": message, "url": url},
        )


@task()
def publish_when_due(submission_id: int) -> bool:
    """Publish an approved submission (creates the public item) when its instant has come.
    Approval checked the content, so this should not fail; if it does, the failure is recorded
    in the submission's history and the curator's workspace offers to try again."""
    submission = Submission.objects.get(pk=submission_id)
    state = publication_state(submission)
    if state is None or not state.due:
        return False
    try:
        submission_publish(submission=submission, actor=None)
    except Exception as error:  # whatever it was, the curator must see it
        publication_failed_record(submission=submission, error=error)
        return False
    return True


@task()
def review_reminders() -> int:
    """Remind reviewers before and after the due date; expire invitations left unanswered and
    invite the next-best reviewer. Run daily (see docs/operations.md)."""
    now = timezone.now()
    count = 0
    for assignment in ReviewAssignment.objects.filter(
        status=A.INVITED, invited_at__lt=now - NO_ANSWER_AFTER
    ):
        count += assignment_expire(assignment=assignment, note="no answer")
    due_soon = ReviewAssignment.objects.select_related("submission", "reviewer").filter(
        status=A.ACCEPTED, due_at__lt=now + REMIND_BEFORE
    )
    recent = Q(reminded_at__gt=now - timedelta(days=2))
    for assignment in due_soon.exclude(recent):
        # claimed by a conditional update: a second run (or worker) finds it taken
        if (
            not ReviewAssignment.objects.filter(pk=assignment.pk)
            .exclude(recent)
            .update(reminded_at=now)
        ):
            continue
        url = absolute_url(reverse("reviews:review", kwargs={"pk": assignment.pk}))
        _send(
            assignment.reviewer,
            "reminder",
            {
                "assignment": assignment,
                "url": url,
                "overdue": bool(assignment.due_at and assignment.due_at < now),
            },
        )
        count += 1
    return count


register_tasks(send_review_invitation, notify_submitter, publish_when_due, review_reminders)
