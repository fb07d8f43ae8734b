"""Reads of calls."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from core.hooks import Hook

from .models import Call
from .permissions import CallAction, policy


def call_list(*, user: Any) -> QuerySet[Call]:
    calls = policy.instances(user, CallAction.VIEW)
    return calls.in_listing_order().prefetch_related("objectives")  # type: ignore[attr-defined]


def open_calls(*, limit: int = 3) -> QuerySet[Call]:
    return Call.objects.open().order_by("deadline").prefetch_related("objectives")[:limit]


COLLECTED_SHOWN = 6


@dataclass
class Collected:
    """The published practices a call gathered: the newest few as cards, and how many."""

    cards: list[Any] = field(default_factory=list)
    count: int = 0


def _nothing_collected(*, call: Call, limit: int) -> Collected:
    return Collected()


#: Published practices linked to a call, newest first. The repository sits above calls in the
#: layers and provides this at ready(); without it a closed call lists nothing.
collected_for_call: Hook[Callable[..., Collected]] = Hook(
    "calls.collected_for_call", _nothing_collected
)


def collected_practices(*, call: Call, limit: int = COLLECTED_SHOWN) -> Collected:
    """Published practices linked to ``call``, newest first (two or three queries)."""
    return collected_for_call.call(call=call, limit=limit)
