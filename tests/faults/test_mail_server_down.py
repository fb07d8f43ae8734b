"""The mail server down: every message is kept, sent once when the server returns.

A real SMTP server (tests/faults/smtp.py) on a loopback port; "down" is that port closed
(connection refused), as when the server is stopped.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from core.choices import MailStatus
from core.mail import mail_once, outbox_counts, outbox_deliver_due, outbox_send_again
from core.models import OutgoingMail
from tests.faults.smtp import SmtpSink, free_port

pytestmark = [pytest.mark.django_db, pytest.mark.faults]


@pytest.fixture
def sink(settings):
    server = SmtpSink(free_port())
    settings.EMAIL_BACKEND = "core.mail.OutboxBackend"
    settings.HUB_EMAIL_TRANSPORT = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    yield server
    server.stop()


def later(hours: float = 2):
    return timezone.now() + timedelta(hours=hours)


@task()
def remind_reviewers() -> None:
    """A task that sends with Django's own send_mail (through the outbox backend)."""
    send_mail("Review due", "Please review.", None, ["rev1@example.org"])
    send_mail("Review due", "Please review.", None, ["rev2@example.org"])


def run_on_worker(result_id) -> None:
    """Run a queued task as ``manage.py hub_worker`` does (django-tasks-db's worker)."""
    DBTaskResult.objects.filter(pk=result_id).update(status=TaskResultStatus.RUNNING)
    worker = Worker(
        queue_names=["default"],
        interval=1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.run_task(DBTaskResult.objects.get(pk=result_id))


def test_messages_wait_while_the_server_is_down_and_leave_once_when_it_returns(sink):
    # The server is down: every way of sending stores the message and tries once, in vain.
    send_mail("Welcome", "Hello", None, ["ana@example.org"])
    keyed = EmailMessage("Your receipt", "HUB-2026-000001", to=["ben@example.org"])
    mail_once(key="submissions.receipt:1:1", message=keyed)
    mail_once(key="submissions.receipt:1:1", message=keyed)  # the task ran again
    rows = OutgoingMail.objects.order_by("pk")
    assert [(row.status, row.attempts) for row in rows] == [(MailStatus.PENDING, 1)] * 2
    assert all("Connection" in row.last_error for row in rows)
    assert outbox_counts() == {"waiting": 2, "failed": 0, "interrupted": 0}

    # Not due yet: the periodic job leaves them (the delay grows with each attempt).
    call_command("send_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert OutgoingMail.objects.filter(status=MailStatus.PENDING).count() == 2

    # Still down when due: tried again, kept, delay doubled.
    first = rows[0].next_attempt_at
    assert outbox_deliver_due(now=later()) == {"retry": 1}  # a round stops at the dead server
    retried = OutgoingMail.objects.get(pk=rows[0].pk)
    assert retried.attempts == 2
    assert retried.next_attempt_at > first

    # The server comes back: each message leaves once, with the Message-ID stored for it.
    sink.start()
    assert outbox_deliver_due(now=later(5)) == {"sent": 2}
    assert sorted(sink.message_ids()) == sorted(rows.values_list("message_id", flat=True))
    assert sorted(to for to, _message in sink.received) == [
        ["ana@example.org"],
        ["ben@example.org"],
    ]
    assert outbox_counts() == {"waiting": 0, "failed": 0, "interrupted": 0}

    # Nothing leaves twice: another round, the task again, or the same key again.
    outbox_deliver_due(now=later(10))
    for row in rows:
        call_command("send_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert OutgoingMail.objects.get(pk=row.pk).status == MailStatus.SENT
    mail_once(key="submissions.receipt:1:1", message=keyed)
    assert len(sink.received) == 2


def test_a_task_run_again_after_its_worker_died_sends_its_mail_once(sink, settings):
    sink.start()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = remind_reviewers.enqueue()
    run_on_worker(queued.id)
    # The worker died before recording the end: the task is given back and runs again
    # (core.worker.recover_orphans puts the same task result back in the queue).
    run_on_worker(queued.id)
    assert OutgoingMail.objects.count() == 2
    outbox_deliver_due()  # what the queued deliver_mail tasks (or the periodic job) do
    assert sorted(to[0] for to, _m in sink.received) == ["rev1@example.org", "rev2@example.org"]

    run_on_worker(remind_reviewers.enqueue().id)  # another task is another sending
    outbox_deliver_due()
    assert len(sink.received) == 4


def test_a_permanent_refusal_fails_at_once_and_staff_can_send_it_again(sink):
    sink.refused.add("gone@example.org")
    sink.start()
    send_mail("Hello", "Text", None, ["gone@example.org"])
    row = OutgoingMail.objects.get()
    assert (row.status, row.attempts) == (MailStatus.FAILED, 1)
    assert "550" in row.last_error
    assert outbox_counts()["failed"] == 1

    sink.refused.clear()  # the address was fixed on the server's side
    assert outbox_send_again(pks=[row.pk]) == 1
    assert OutgoingMail.objects.get().status == MailStatus.SENT
    assert len(sink.received) == 1


def test_an_interrupted_sending_is_never_repeated_by_itself(sink):
    sink.start()
    # A worker claimed the row, then died before writing the outcome (the residual window).
    row = OutgoingMail.objects.create(
        key="k",
        subject="Hello",
        recipients=["a@example.org"],
        message={
            "body": "Text",
            "from_email": "hub@localhost",
            "to": ["a@example.org"],
            "cc": [],
            "bcc": [],
            "reply_to": [],
            "headers": {"Message-ID": "<k@hub.localhost>"},
            "content_subtype": "plain",
            "alternatives": [],
            "attachments": [],
        },
        message_id="<k@hub.localhost>",
        status=MailStatus.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
    )
    assert outbox_deliver_due(now=later()) == {}
    assert outbox_counts() == {"waiting": 0, "failed": 0, "interrupted": 1}
    assert sink.received == []

    assert outbox_send_again(pks=[row.pk]) == 1  # staff decide it did not leave
    assert sink.message_ids() == ["<k@hub.localhost>"]


def test_the_test_settings_still_deliver_to_the_test_outbox():
    """Outside these tests the transport is Django's in-memory one: mail.outbox still works."""
    mail_once(key="k2", message=EmailMessage("Hi", "Text", to=["x@example.org"]))
    assert [m.subject for m in mail.outbox] == ["Hi"]
