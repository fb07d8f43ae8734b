"""Writes on calls: every status change is a guarded transition with an audit event."""

from typing import Any

from django.db import transaction

from core.services import audit_record

from .choices import TRANSITIONS, CallStatus
from .models import Call


class CallTransitionError(Exception):
    """The call cannot move from its current status to the one asked for."""


@transaction.atomic
def call_transition(*, call: Call, to: CallStatus, actor: Any = None, note: str = "") -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    current = call.status
    if to not in TRANSITIONS[current]:
        raise CallTransitionError(f"A call cannot go from {current} to {to}.")
    call.status = to
    call.full_clean()
    call.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        target=call,
        verb="status_changed",
        from_status=current,
        to_status=to,
        note=note,
    )
    return call
