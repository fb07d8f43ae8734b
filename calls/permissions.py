"""Who may see and manage calls."""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.permissions import is_curator
from core.permissions import Policy, Rule, anyone
from core.types import Actor

from .choices import CallStatus
from .models import Call


class CallAction(StrEnum):
    VIEW = "view"  # everyone, except a draft call: the Hub team only
    MANAGE = "manage"  # schedule, close, archive: the Hub team


def _may_view(user: Actor, call: Call) -> bool:
    return call.status != CallStatus.DRAFT or is_curator(user)


def _visible(user: Actor, qs: QuerySet[Call]) -> QuerySet[Call]:
    return qs if is_curator(user) else qs.public()  # type: ignore[attr-defined]


policy = Policy(
    "calls",
    CallAction,
    {
        CallAction.VIEW: Rule(Call, allowed=anyone, on=_may_view, scope=_visible),
        CallAction.MANAGE: Rule(Call, allowed=is_curator),
    },
)


def get_call_for(user: Actor, slug: str, action: str = CallAction.VIEW) -> Call:
    """The call, or 404 alike when it is missing or the user may not do ``action`` to it."""
    queryset = Call.objects.prefetch_related("objectives", "partners")
    return policy.get_for(user, action, queryset, slug=slug)
