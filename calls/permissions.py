"""Who may see and manage calls."""

from typing import Any

from django.db.models import QuerySet

from accounts.permissions import is_curator

from .choices import CallStatus
from .models import Call


def can_view_call(user: Any, call: Call) -> bool:
    return call.status != CallStatus.DRAFT or is_curator(user)


def can_manage_calls(user: Any) -> bool:
    return is_curator(user)


def calls_visible_to(user: Any) -> QuerySet[Call]:
    qs = Call.objects.all()
    return qs if is_curator(user) else qs.public()
