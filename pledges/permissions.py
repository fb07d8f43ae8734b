"""Who may do what with pledges: one policy for views, API, templates and services.

Anyone reads a public pledge and its approved updates; a draft is seen only by the Hub team.
The pledge's focal points (people of the pledging entity the Hub team names on the pledge) post
progress updates; the Hub team (curators, administrators) approves or declines them.
"""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.permissions import is_curator
from core.permissions import Policy, Rule, anyone, signed_in
from core.types import Actor

from .choices import UpdateStatus
from .models import Pledge, PledgeUpdate


class PledgeAction(StrEnum):
    VIEW = "view"  # read the pledge's page
    REPORT = "report"  # post a progress update: the pledge's focal points
    APPROVE = "approve"  # the Hub team: the queue of updates, approve or decline


def is_focal_point_of(user: Actor, pledge: Pledge) -> bool:
    if not signed_in(user):
        return False
    return pledge.focal_points.filter(pk=getattr(user, "pk", None)).exists()


def _may_view(user: Actor, pledge: Pledge) -> bool:
    return pledge.is_public or is_curator(user)


def _visible(user: Actor, qs: QuerySet[Pledge]) -> QuerySet[Pledge]:
    return qs if is_curator(user) else qs.public()  # type: ignore[attr-defined]


def _reported(user: Actor, qs: QuerySet[Pledge]) -> QuerySet[Pledge]:
    if not signed_in(user):
        return qs.none()
    return qs.public().filter(focal_points=getattr(user, "pk", None)).distinct()  # type: ignore[attr-defined]


def _approvable(user: Actor, qs: QuerySet) -> QuerySet:
    """Updates still waiting (agrees with ``when``), for the Hub team only."""
    return qs.filter(status=UpdateStatus.PENDING) if is_curator(user) else qs.none()


policy = Policy(
    "pledges",
    PledgeAction,
    {
        PledgeAction.VIEW: Rule(Pledge, allowed=anyone, on=_may_view, scope=_visible),
        PledgeAction.REPORT: Rule(
            Pledge,
            allowed=signed_in,
            on=lambda user, pledge: is_focal_point_of(user, pledge),
            scope=_reported,
            when=lambda pledge: pledge.is_public,
        ),
        PledgeAction.APPROVE: Rule(
            PledgeUpdate,
            allowed=is_curator,
            scope=_approvable,
            when=lambda update: update.is_pending,
        ),
    },
)


def get_pledge_for(user: Actor, slug: str, action: str = PledgeAction.VIEW) -> Pledge:
    """The pledge, or 404 alike when it is missing or the user may not do ``action`` to it."""
    queryset = Pledge.objects.prefetch_related("objectives", "countries")
    return policy.get_for(user, action, queryset, slug=slug)
