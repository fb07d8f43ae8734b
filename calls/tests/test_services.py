from datetime import timedelta

import pytest
from django.contrib import admin
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from calls.admin import CallAdmin
from calls.choices import CallStatus
from calls.models import Call
from calls.services import (
    CallTransitionError,
    call_close_if_due,
    call_open_if_due,
    call_save,
    call_schedule,
)
from calls.tasks import close_call_when_due, open_call_when_due, sync_call_statuses
from core.models import AuditEvent
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_scheduling_a_call_whose_opening_has_passed_opens_it(django_capture_on_commit_callbacks):
    call = CallFactory(status=CallStatus.DRAFT, opens_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_schedule(call=call)
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN


def test_scheduled_call_opens_and_closes_at_its_instants():
    now = timezone.now()
    call = CallFactory(
        status=CallStatus.SCHEDULED,
        opens_at=now + timedelta(hours=1),
        deadline=now + timedelta(days=3),
    )
    assert not call_open_if_due(call=call, now=now)
    assert call_open_if_due(call=call, now=now + timedelta(hours=1))
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert not call_close_if_due(call=call, now=now + timedelta(days=2))
    assert call_close_if_due(call=call, now=now + timedelta(days=3, seconds=1))
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    # Running the task again changes nothing.
    assert not call_close_if_due(call=call, now=now + timedelta(days=4))


def test_safety_net_applies_every_due_change():
    now = timezone.now()
    CallFactory(
        slug="late-open",
        status=CallStatus.SCHEDULED,
        opens_at=now - timedelta(minutes=5),
        deadline=now + timedelta(days=3),
    )
    CallFactory(
        slug="late-close",
        status=CallStatus.OPEN,
        opens_at=now - timedelta(days=9),
        deadline=now - timedelta(minutes=5),
    )
    assert sync_call_statuses.call() == 2
    assert Call.objects.get(slug="late-open").status == CallStatus.OPEN
    assert Call.objects.get(slug="late-close").status == CallStatus.CLOSED


def test_a_call_without_opening_instant_cannot_be_scheduled():
    call = CallFactory(status=CallStatus.DRAFT, opens_at=None)
    with pytest.raises(CallTransitionError):
        call_schedule(call=call)


def test_feed_lists_public_calls_only(client):
    CallFactory(title="Visible call", status=CallStatus.OPEN)
    CallFactory(title="Secret draft", status=CallStatus.DRAFT)
    body = client.get("/en/calls/feed/").content.decode()
    assert "<feed" in body
    assert "Visible call" in body
    assert "Secret draft" not in body


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "Replicable"), ("fr", "Reproductible"), ("es", "Replicable")]
)
def test_criteria_page_in_three_languages(client, lang, text):
    response = client.get(f"/{lang}/calls/criteria/")
    assert response.status_code == 200
    assert text in response.content.decode()


def test_scheduling_queues_opening_and_closing_at_their_instants(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call = CallFactory(status=CallStatus.DRAFT, opens_at=timezone.now() + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_schedule(call=call)
    queued = {r.task_path.rsplit(".", 1)[1]: r.run_after for r in DBTaskResult.objects.all()}
    assert queued.pop("index_item_task")  # findable once it leaves the draft status
    assert queued == {"open_call_when_due": call.opens_at, "close_call_when_due": call.deadline}


def _found(client, words: str) -> list[str]:
    response = client.get("/en/search/", {"q": words})
    return [result.title for result in response.context["results"]]


def test_a_call_leaving_draft_becomes_findable_in_the_site_search(
    client, django_capture_on_commit_callbacks
):
    call = CallFactory(
        status=CallStatus.DRAFT,
        title="Protecting children from trafficking at borders",
        summary="Practices that protect children from traffickers at border crossings.",
        opens_at=timezone.now() - timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_schedule(call=call)
    assert call.title in _found(client, "children victims of trafficking")


def test_editing_a_call_in_the_admin_updates_the_site_search(
    client, rf, django_capture_on_commit_callbacks
):
    call = CallFactory(
        title="Fair recruitment of domestic workers",
        summary="Practices that protect migrant domestic workers from recruitment fees.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_save(call=call, actor=None)
    assert call.title in _found(client, "domestic workers recruitment fees")
    call.title = "Planned relocation of coastal communities"
    call.summary = "Practices that move families threatened by rising seas with their consent."
    curator = UserFactory(is_staff=True)
    request = rf.post("/admin/calls/call/")
    request.user = curator
    with django_capture_on_commit_callbacks(execute=True):
        CallAdmin(Call, admin.site).save_model(request, call, form=None, change=True)
    found = _found(client, "relocation of families threatened by rising seas")
    assert "Planned relocation of coastal communities" in found
    assert "Fair recruitment of domestic workers" not in found


def test_opening_and_closing_tasks_run_twice_change_the_call_once():
    """At-least-once delivery: the task run again finds the call already moved."""
    now = timezone.now()
    call = CallFactory(
        status=CallStatus.SCHEDULED,
        opens_at=now - timedelta(minutes=1),
        deadline=now + timedelta(days=1),
    )
    assert open_call_when_due.call(call.pk) is True
    assert open_call_when_due.call(call.pk) is False
    moves = AuditEvent.objects.filter(target_id=str(call.pk), to_status=CallStatus.OPEN)
    assert moves.count() == 1
    Call.objects.filter(pk=call.pk).update(deadline=now - timedelta(seconds=1))
    assert close_call_when_due.call(call.pk) is True
    assert close_call_when_due.call(call.pk) is False
    assert Call.objects.get(pk=call.pk).status == CallStatus.CLOSED
