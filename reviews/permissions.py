"""Who may do what in peer review. Views, templates, querysets and services use this policy."""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.choices import Role
from accounts.permissions import has_role, is_curator
from core.permissions import Policy, Rule, signed_in
from core.types import Actor
from submissions.models import Submission

from .models import ReviewAssignment, RosterApplication


class ReviewAction(StrEnum):
    REVIEW = "review"  # answer an invitation and review: the assigned reviewer (menu: reviewers)
    APPLY = "apply"  # apply to the reviewer roster: anyone signed in
    MANAGE_ROSTER = "manage_roster"  # read and decide applications, the coverage: the Hub team
    SCREEN = "screen"  # the screening queue, suggesting and inviting reviewers: the Hub team
    DECIDE = "decide"  # approve, ask for changes, decline: the Hub team


def _is_assigned(user: Actor, assignment: ReviewAssignment) -> bool:
    return signed_in(user) and assignment.reviewer_id == user.pk  # type: ignore[union-attr]


def _own_assignments(user: Actor, qs: QuerySet) -> QuerySet:
    return qs.filter(reviewer=user) if signed_in(user) else qs.none()


def _own_applications(user: Actor, qs: QuerySet) -> QuerySet:
    return qs.filter(user=user) if signed_in(user) else qs.none()


def _is_applicant(user: Actor, application: RosterApplication) -> bool:
    return signed_in(user) and application.user_id == user.pk  # type: ignore[union-attr]


policy = Policy(
    "reviews",
    ReviewAction,
    {
        ReviewAction.REVIEW: Rule(
            ReviewAssignment,
            allowed=lambda user: has_role(user, Role.REVIEWER),
            on=_is_assigned,
            scope=_own_assignments,
        ),
        ReviewAction.APPLY: Rule(
            RosterApplication, allowed=signed_in, on=_is_applicant, scope=_own_applications
        ),
        ReviewAction.MANAGE_ROSTER: Rule(RosterApplication, allowed=is_curator),
        ReviewAction.SCREEN: Rule(Submission, allowed=is_curator),
        ReviewAction.DECIDE: Rule(Submission, allowed=is_curator),
    },
)


def get_assignment_for(user: Actor, pk: int, action: str = ReviewAction.REVIEW) -> ReviewAssignment:
    """The reviewer's own assignment, or 404 alike when missing or someone else's."""
    queryset = ReviewAssignment.objects.select_related("submission", "submission__call")
    return policy.get_for(user, action, queryset, pk=pk)


def get_application_for(
    user: Actor, pk: int, action: str = ReviewAction.MANAGE_ROSTER
) -> RosterApplication:
    """An application with everything a curator reads; 404 alike for missing and forbidden."""
    queryset = RosterApplication.objects.select_related(
        "user", "user__organisation", "decided_by"
    ).prefetch_related("objectives", "themes", "reading_languages", "regions", "countries")
    return policy.get_for(user, action, queryset, pk=pk)
