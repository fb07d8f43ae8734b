"""Who may do what in peer review. Views, templates and querysets use these predicates."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from accounts.choices import Role
from accounts.permissions import has_role, is_curator

from .choices import ACTIVE_ASSIGNMENT
from .models import ReviewAssignment


def can_apply_to_roster(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_manage_roster(user: Any) -> bool:
    return is_curator(user)


def can_screen(user: Any) -> bool:
    return is_curator(user)


def can_decide(user: Any) -> bool:
    return is_curator(user)


def is_reviewer(user: Any) -> bool:
    return has_role(user, Role.REVIEWER)


def assignments_visible_to(user: Any) -> QuerySet[ReviewAssignment]:
    """Reviewers see only their own assignments; curators see all."""
    if not getattr(user, "is_authenticated", False):
        return ReviewAssignment.objects.none()
    if is_curator(user):
        return ReviewAssignment.objects.all()
    return ReviewAssignment.objects.filter(reviewer=user)


def get_assignment_for(user: Any, pk: int) -> ReviewAssignment:
    """The reviewer's own assignment, or 404 alike when missing or someone else's."""
    assignment = (
        ReviewAssignment.objects.select_related("submission", "submission__call")
        .filter(pk=pk, reviewer_id=getattr(user, "pk", None))
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def is_assigned_reviewer(user: Any, submission: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return ReviewAssignment.objects.filter(
        submission=submission, reviewer=user, status__in=ACTIVE_ASSIGNMENT
    ).exists()
