"""Reads of calls."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

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


def collected_practices(*, call: Call, limit: int = COLLECTED_SHOWN) -> Collected:
    """Published practices linked to ``call``, newest first (two or three queries)."""
    from repository.listing import item_cards
    from repository.models import Practice

    published = Practice.objects.published().filter(call=call)
    count = published.count()
    if not count:
        return Collected()
    return Collected(item_cards(Practice, published.newest_first()[:limit]), count)
