"""Writes on calls: every status change is a guarded transition with an audit event; every
change that can alter what the site search finds queues the call's reindexing."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import TransitionError
from core.tasks import enqueue_on_commit, task_named
from core.types import Actor
from core.workflow import transition
from search.tasks import index_item_task

from .choices import CallStatus
from .models import Call
from .permissions import CallAction, policy

# The tasks import these services: the services find them by name (core.tasks.task_named).
OPEN_TASK = "calls.tasks.open_call_when_due"
CLOSE_TASK = "calls.tasks.close_call_when_due"


class CallTransitionError(TransitionError):
    """The call cannot move from its current status to the one asked for."""


def _reindex(call: Call) -> None:
    """Bring the call's search document up to date once the transaction commits (a draft's is
    removed: only public calls are findable, calls/search.py)."""
    pk = call.pk
    enqueue_on_commit(index_item_task, Call._meta.label, pk)


@transaction.atomic
def call_save(*, call: Call, actor: Actor) -> Call:
    """Save a call written or edited by the Hub team (the admin), keeping the search current."""
    call.save()
    _reindex(call)
    return call


@transaction.atomic
def call_transition(*, call: Call, to: CallStatus, actor: Actor = None, note: str = "") -> Call:
    """Move a call to another status through the workflow engine (Call.workflow); leaving the
    draft status makes it findable."""
    policy.require(actor, CallAction.MANAGE, call, system=True)  # tasks open and close calls
    try:
        call = transition(call, to, actor=actor, note=note)
    except TransitionError as error:
        raise CallTransitionError(error.template, **error.params) from error
    _reindex(call)
    return call


@transaction.atomic
def call_schedule(*, call: Call, actor: Actor = None) -> Call:
    """Schedule a draft call: it opens and closes by itself at its instants (background tasks)."""
    policy.require(actor, CallAction.MANAGE, call, system=True)  # commands schedule too
    opens_at, deadline = call.opens_at, call.deadline
    if opens_at is None:
        raise CallTransitionError(_("A call needs an opening instant to be scheduled."))
    call = call_transition(call=call, to=CallStatus.SCHEDULED, actor=actor)
    if opens_at <= timezone.now():
        call = call_transition(
            call=call, to=CallStatus.OPEN, actor=actor, note="opening instant already passed"
        )
    else:
        enqueue_on_commit(task_named(OPEN_TASK), call.pk, when=opens_at)
    enqueue_on_commit(task_named(CLOSE_TASK), call.pk, when=deadline)
    return call


def call_open_if_due(*, call: Call, now: Any) -> bool:
    """Open a scheduled call whose opening instant has come. Safe to run more than once."""
    if call.status != CallStatus.SCHEDULED or call.opens_at is None or call.opens_at > now:
        return False
    call_transition(call=call, to=CallStatus.OPEN, note="opened at its scheduled instant")
    return True


def call_close_if_due(*, call: Call, now: Any) -> bool:
    """Close an open call whose deadline has passed. Safe to run more than once."""
    if call.status != CallStatus.OPEN or call.deadline > now:
        return False
    call_transition(call=call, to=CallStatus.CLOSED, note="closed at its deadline")
    return True
