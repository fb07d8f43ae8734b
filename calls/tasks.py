"""Calls open and close by themselves at their instants."""

from django.utils import timezone
from django_tasks import task

from core.tasks import register_tasks

from .choices import CallStatus
from .models import Call
from .services import call_close_if_due, call_open_if_due


@task()
def open_call_when_due(call_id: int) -> bool:
    call = Call.objects.filter(pk=call_id).first()
    return call is not None and call_open_if_due(call=call, now=timezone.now())


@task()
def close_call_when_due(call_id: int) -> bool:
    call = Call.objects.filter(pk=call_id).first()
    return call is not None and call_close_if_due(call=call, now=timezone.now())


@task()
def sync_call_statuses() -> int:
    """Safety net (also a command): apply every opening and closing that is due."""
    now = timezone.now()
    changed = 0
    for call in Call.objects.filter(status__in=[CallStatus.SCHEDULED, CallStatus.OPEN]):
        changed += call_open_if_due(call=call, now=now) or call_close_if_due(call=call, now=now)
    return changed


register_tasks(open_call_when_due, close_call_when_due, sync_call_statuses)
