"""Who may see and change submissions. Views, templates, querysets and services use this policy."""

from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet

from accounts.permissions import is_curator
from core.permissions import Policy, Rule, signed_in
from core.types import Actor

from .choices import EDITABLE, TRANSITIONS, SubmissionStatus
from .models import DeadlineExtension, Invitation, Submission

WITHDRAWABLE = {
    status for status, targets in TRANSITIONS.items() if SubmissionStatus.WITHDRAWN in targets
}


class SubmissionAction(StrEnum):
    START = "start"  # begin a draft: anyone signed in
    VIEW = "view"  # read it, write to the Hub team about it: its submitters and the Hub team
    EDIT = "edit"  # change the content, files and co-submitters: its submitters, while editable
    WITHDRAW = "withdraw"  # its owner, while the workflow allows it
    HANDLE = "handle"  # screen, assign, decide, publish: the Hub team, once it was submitted
    ACCEPT_INVITATION = "accept_invitation"  # the invited person, while the link is valid
    GRANT_EXTENSION = "grant_extension"  # more time to submit to a call: the Hub team


def is_submitter(user: Actor, submission: Submission) -> bool:
    """The owner or an accepted co-submitter."""
    if not signed_in(user):
        return False
    if submission.owner_id == user.pk:  # type: ignore[union-attr]
        return True
    return submission.co_submitters.filter(pk=user.pk).exists()  # type: ignore[union-attr]


def _is_owner(user: Actor, submission: Submission) -> bool:
    return signed_in(user) and submission.owner_id == user.pk  # type: ignore[union-attr]


def _may_view(user: Actor, submission: Submission) -> bool:
    return is_submitter(user, submission) or is_curator(user)


def _own(user: Actor, qs: QuerySet[Submission]) -> QuerySet[Submission]:
    if not signed_in(user):
        return qs.none()
    return qs.filter(Q(owner=user) | Q(co_submitters=user)).distinct()


def _visible(user: Actor, qs: QuerySet[Submission]) -> QuerySet[Submission]:
    return qs if is_curator(user) else _own(user, qs)


def _editable(user: Actor, qs: QuerySet[Submission]) -> QuerySet[Submission]:
    return _own(user, qs).filter(status__in=EDITABLE)


def _withdrawable(user: Actor, qs: QuerySet[Submission]) -> QuerySet[Submission]:
    if not signed_in(user):
        return qs.none()
    return qs.filter(owner_id=user.pk, status__in=WITHDRAWABLE)  # type: ignore[union-attr]


def _handled(user: Actor, qs: QuerySet[Submission]) -> QuerySet[Submission]:
    return qs.exclude(status=SubmissionStatus.DRAFT) if is_curator(user) else qs.none()


def _may_accept(user: Actor, invitation: Invitation) -> bool:
    """Only the invited person (their address verified), while the link is valid. An invitation
    already accepted stays usable by whoever accepted it (opening the link twice)."""
    if invitation.accepted_at is not None:
        return getattr(user, "pk", None) == invitation.accepted_by_id
    return not invitation.is_expired() and invitation.is_addressed_to(user)


def _invitations(user: Actor, qs: QuerySet[Invitation]) -> QuerySet[Invitation]:
    if not signed_in(user):
        return qs.none()
    return qs.filter(Q(accepted_by=user) | Q(email__iexact=user.email, accepted_at__isnull=True))  # type: ignore[union-attr]


A = SubmissionAction
policy = Policy(
    "submissions",
    SubmissionAction,
    {
        A.START: Rule(Submission, allowed=signed_in, scope=_own),
        A.VIEW: Rule(Submission, allowed=signed_in, on=_may_view, scope=_visible),
        A.EDIT: Rule(
            Submission,
            allowed=signed_in,
            on=is_submitter,
            when=lambda submission: submission.is_editable,
            scope=_editable,
        ),
        A.WITHDRAW: Rule(
            Submission,
            allowed=signed_in,
            on=_is_owner,
            when=lambda submission: submission.can_be_withdrawn,
            scope=_withdrawable,
        ),
        A.HANDLE: Rule(
            Submission,
            allowed=is_curator,
            on=lambda user, submission: is_curator(user),
            when=lambda submission: submission.status != SubmissionStatus.DRAFT,
            scope=_handled,
        ),
        A.ACCEPT_INVITATION: Rule(
            Invitation, allowed=signed_in, on=_may_accept, scope=_invitations
        ),
        A.GRANT_EXTENSION: Rule(DeadlineExtension, allowed=is_curator),
    },
)


def get_submission_for(user: Actor, uuid: Any, action: str = SubmissionAction.VIEW) -> Submission:
    """The submission, or 404 alike when missing or not allowed for ``action``."""
    queryset = Submission.objects.select_related("call", "owner")
    return policy.get_for(user, action, queryset, uuid=uuid)
