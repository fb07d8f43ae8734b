"""Who may do what with support requests: one policy for views, templates and services.

Anyone reads what the service is. Government focal points (a role the Hub team grants) file
requests and follow their own; the Hub team (curators, administrators) works every request;
signed-in members read shared, anonymised summaries and offer help as partners.
"""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.choices import Role
from accounts.permissions import has_role, is_curator
from core.permissions import Policy, Rule, anyone, signed_in
from core.types import Actor

from .models import SupportRequest


class SupportAction(StrEnum):
    FILE = "file"  # file a new request
    FOLLOW = "follow"  # the requester's own page: read, write, agree, rate
    WORK = "work"  # the Hub team: see and move every request, notes, report
    READ_SUMMARY = "read_summary"  # anyone: a shared, anonymised summary
    OFFER = "offer"  # signed-in members: express interest in a shared request as a partner


def is_focal_point(user: Actor) -> bool:
    return has_role(user, Role.FOCAL_POINT)


def _requested(user: Actor, request: SupportRequest) -> bool:
    return signed_in(user) and request.requester_id == getattr(user, "pk", None)


def _own(user: Actor, requests: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    if not signed_in(user):
        return requests.none()
    return requests.filter(requester_id=getattr(user, "pk", None))


def _is_shared(user: Actor, request: SupportRequest) -> bool:
    return request.is_shared


def _shared(user: Actor, requests: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    return requests.shared()  # type: ignore[attr-defined]


def _shared_to_members(user: Actor, requests: QuerySet[SupportRequest]) -> QuerySet:
    return _shared(user, requests) if signed_in(user) else requests.none()


def _may_offer(user: Actor, request: SupportRequest) -> bool:
    return signed_in(user) and request.is_shared


policy = Policy(
    "support",
    SupportAction,
    {
        SupportAction.FILE: Rule(SupportRequest, allowed=is_focal_point),
        SupportAction.FOLLOW: Rule(SupportRequest, allowed=signed_in, on=_requested, scope=_own),
        SupportAction.WORK: Rule(SupportRequest, allowed=is_curator),
        SupportAction.READ_SUMMARY: Rule(
            SupportRequest, allowed=anyone, on=_is_shared, scope=_shared
        ),
        SupportAction.OFFER: Rule(
            SupportRequest, allowed=signed_in, on=_may_offer, scope=_shared_to_members
        ),
    },
)


def get_request_for(user: Actor, reference: str, action: str) -> SupportRequest:
    """The request with this reference if ``user`` may do ``action`` on it; 404 otherwise
    (whether or not it exists)."""
    return policy.get_for(user, action, reference=reference)
