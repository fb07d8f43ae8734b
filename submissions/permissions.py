"""Who may see and change submissions. Views, templates and querysets all use these."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.permissions import is_curator

from .models import Invitation, Submission


def is_submitter(user: Any, submission: Submission) -> bool:
    """The owner or an accepted co-submitter."""
    if not getattr(user, "is_authenticated", False):
        return False
    if submission.owner_id == user.pk:
        return True
    return submission.co_submitters.filter(pk=user.pk).exists()


def can_view_submission(user: Any, submission: Submission) -> bool:
    return is_submitter(user, submission) or is_curator(user)


def can_edit_submission(user: Any, submission: Submission) -> bool:
    return submission.is_editable and is_submitter(user, submission)


def can_withdraw_submission(user: Any, submission: Submission) -> bool:
    return (
        submission.can_be_withdrawn
        and getattr(user, "is_authenticated", False)
        and submission.owner_id == user.pk
    )


def can_accept_invitation(user: Any, invitation: Invitation) -> bool:
    """Only the invited person (their address verified), while the link is valid. An invitation
    already accepted stays usable by whoever accepted it (opening the link twice)."""
    if invitation.accepted_at is not None:
        return getattr(user, "pk", None) == invitation.accepted_by_id
    return not invitation.is_expired() and invitation.is_addressed_to(user)


def can_grant_extension(user: Any) -> bool:
    return is_curator(user)


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    if not getattr(user, "is_authenticated", False):
        return Submission.objects.none()
    if is_curator(user):
        return Submission.objects.all()
    return Submission.objects.filter(Q(owner=user) | Q(co_submitters=user)).distinct()


def get_submission_for(user: Any, uuid: Any, action: str = "view") -> Submission:
    """The submission, or 404 alike when missing or not allowed for ``action``."""
    submission = (
        submissions_visible_to(user).select_related("call", "owner").filter(uuid=uuid).first()
    )
    checks = {
        "view": can_view_submission,
        "edit": can_edit_submission,
        "withdraw": can_withdraw_submission,
    }
    if submission is None or not checks[action](user, submission):
        raise Http404
    return submission
