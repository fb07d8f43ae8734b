"""The workflow engine (core/workflow.py), exercised on a real model with a lifecycle (Call)."""

import pytest
from django.db import transaction
from django.utils import translation

from calls.choices import CallStatus
from calls.models import Call
from core.choices import AuditVerb
from core.errors import TransitionError
from core.models import AuditEvent
from core.workflow import Workflow, can_transition, transition, transition_many
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_move_the_table_allows_is_saved_and_audited():
    call = CallFactory(status=CallStatus.CLOSED)
    curator = UserFactory()
    moved = transition(call, CallStatus.ARCHIVED, actor=curator, note="end of the cycle")
    assert moved.status == call.status == CallStatus.ARCHIVED
    assert Call.objects.get(pk=call.pk).status == CallStatus.ARCHIVED
    event = AuditEvent.objects.get(target_id=str(call.pk), verb=AuditVerb.STATUS_CHANGED)
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        "closed",
        "archived",
        curator,
        "end of the cycle",
    )


def test_a_move_the_table_refuses_changes_nothing_and_says_why_in_the_users_language():
    call = CallFactory(status=CallStatus.ARCHIVED)
    with translation.override("fr"), pytest.raises(TransitionError) as caught:
        transition(call, CallStatus.OPEN, actor=None)
    with translation.override("fr"):
        assert "Archivé" in caught.value.message or "archiv" in caught.value.message.lower()
    assert Call.objects.get(pk=call.pk).status == CallStatus.ARCHIVED
    assert not AuditEvent.objects.filter(target_id=str(call.pk)).exists()


def test_the_row_is_read_again_so_a_stale_copy_cannot_move_twice():
    call = CallFactory(status=CallStatus.OPEN)
    stale = Call.objects.get(pk=call.pk)
    transition(call, CallStatus.CLOSED, actor=None)
    transition(call, CallStatus.ARCHIVED, actor=None)
    with pytest.raises(TransitionError):
        transition(stale, CallStatus.CLOSED, actor=None)  # stale says open; the row is archived


def test_other_fields_are_saved_in_the_same_write():
    call = CallFactory(status=CallStatus.CLOSED)
    transition(call, CallStatus.ARCHIVED, actor=None, changes={"occasion": "IMRF 2026"})
    assert Call.objects.get(pk=call.pk).occasion == "IMRF 2026"


def test_hooks_run_before_saving_and_after_commit(django_capture_on_commit_callbacks):
    seen: list[tuple[str, str]] = []
    workflow = Workflow(
        states=CallStatus,
        transitions={CallStatus.OPEN: {CallStatus.CLOSED}},
        before_save={CallStatus.CLOSED: (lambda obj, old, *_: seen.append(("before", old)),)},
        after_commit={"*": (lambda obj, old, *_: seen.append(("after", obj.status)),)},
    )
    call = CallFactory(status=CallStatus.OPEN)
    original = Call.workflow
    Call.workflow = workflow
    try:
        with django_capture_on_commit_callbacks(execute=True):
            transition(call, CallStatus.CLOSED, actor=None)
            assert seen == [("before", "open")]
    finally:
        Call.workflow = original
    assert seen == [("before", "open"), ("after", "closed")]


def test_bulk_moves_audit_every_row_or_change_none():
    calls = CallFactory.create_batch(3, status=CallStatus.OPEN)
    transition_many(
        Call.objects.filter(pk__in=[c.pk for c in calls]), CallStatus.CLOSED, actor=None
    )
    assert AuditEvent.objects.filter(to_status="closed").count() == 3
    archived = CallFactory(status=CallStatus.ARCHIVED)
    with pytest.raises(TransitionError), transaction.atomic():
        transition_many(
            Call.objects.filter(pk__in=[calls[0].pk, archived.pk]), CallStatus.OPEN, actor=None
        )
    assert Call.objects.get(pk=calls[0].pk).status == CallStatus.CLOSED


def test_display_checks_ask_the_table():
    call = CallFactory(status=CallStatus.CLOSED)
    assert can_transition(call, CallStatus.ARCHIVED)
    assert not can_transition(call, CallStatus.DRAFT)


def test_a_table_with_an_unknown_status_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown statuses"):
        Workflow(states=CallStatus, transitions={"open": {"finished"}})
