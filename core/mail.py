"""The outbox: every e-mail is stored before it leaves, then handed to the mail server once.

Why: a mail server that is down, slow or refusing must not lose a message, and a task that runs
twice (delivery of tasks is at least once) must not send it twice.

- :func:`mail_once` stores a message under a ``key`` that names it (``contact.ack:42``): a second
  call with the same key stores nothing. It queues :func:`deliver_mail` for the row, in the same
  transaction as the caller's writes on the database task backend.
- :class:`OutboxBackend` is ``EMAIL_BACKEND``: everything sent with Django's own functions
  (``send_mail``, ``EmailMessage.send``, allauth's confirmations) is stored the same way. Inside
  a task its key is the task's id and a digest of the recipients, subject and body, so a task run
  again after its worker died stores the same messages once; outside a task (a request) the key
  is random.
- :func:`outbox_deliver` claims a row (pending → sending, a compare-and-set: one claimer wins),
  hands it to the real transport (``HUB_EMAIL_TRANSPORT``, SMTP in production) and marks it
  sent. A server that cannot be reached or answers "try later" puts the row back to pending with
  a growing delay; a permanent refusal (5xx) or ``HUB_MAIL_MAX_ATTEMPTS`` tries mark it failed.
  The periodic job ``send_outbox`` (every minute) retries what is due.

The residual window (docs/operations.md, "Faults"): a process that dies after the mail server
accepted the message but before "sent" is written leaves the row "sending"; it is never sent
again by itself (at most once) and is counted as "interrupted" for staff, who may send it
again. A connection cut after the message's data but before the server's answer is retried, as
SMTP prescribes, so the server may have it twice (RFC 1047); the stored Message-ID is reused so
mail clients can tell the copies apart.
"""

import base64
import hashlib
import json
import logging
import smtplib
import uuid
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django_tasks import task
from django_tasks.signals import task_finished, task_started

from .choices import MailStatus
from .models import OutgoingMail

logger = logging.getLogger(__name__)

# The ids of the tasks running in this thread, innermost last (an immediate backend nests them).
_running_tasks: ContextVar[tuple[str, ...]] = ContextVar("running_tasks", default=())

# Rows tried per round of the periodic job; a round stops at the first unreachable server.
ROUND_SIZE = 500


def mail_once(*, key: str, message: EmailMessage) -> OutgoingMail:
    """Store ``message`` under ``key`` unless a message with that key exists, and queue it."""
    with transaction.atomic():
        row, created = OutgoingMail.objects.get_or_create(key=key[:200], defaults=_fields(message))
        if created:
            deliver_mail.enqueue(row.pk)
    return row


class OutboxBackend(BaseEmailBackend):
    """``EMAIL_BACKEND``: stores each message in the outbox (a random key) instead of sending."""

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            mail_once(key=_key(message), message=message)
        return len(email_messages)


def _key(message: EmailMessage) -> str:
    """The running task's id and a digest of the message, or a random key outside a task."""
    running = _running_tasks.get()
    if not running:
        return f"mail:{uuid.uuid4()}"
    content = json.dumps([message.recipients(), str(message.subject), message.body])
    return f"task:{running[-1]}:{hashlib.sha256(content.encode()).hexdigest()[:32]}"


def _task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    _running_tasks.set((*_running_tasks.get(), str(task_result.id)))


def _task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    _running_tasks.set(_running_tasks.get()[:-1])


task_started.connect(_task_started, dispatch_uid="core.mail.task_started")
task_finished.connect(_task_finished, dispatch_uid="core.mail.task_finished")


def outbox_deliver(*, pk: int, now: datetime | None = None) -> str:
    """Hand one due, pending row to the mail server. Returns what happened: ``sent``,
    ``retry`` (unreachable or "try later"), ``failed`` (refused for good) or ``skipped`` (not
    due, or another process has it)."""
    now = now or timezone.now()
    rows = OutgoingMail.objects.filter(pk=pk)
    claimed = rows.filter(status=MailStatus.PENDING, next_attempt_at__lte=now).update(
        status=MailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    row = rows.get()
    try:
        with get_connection(settings.HUB_EMAIL_TRANSPORT, fail_silently=False) as connection:
            connection.send_messages([_message(row)])
    except Exception as exc:  # every failure of the transport is recorded
        return _failed(row, exc, now)
    rows.filter(status=MailStatus.SENDING).update(
        status=MailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def outbox_deliver_due(*, now: datetime | None = None) -> dict[str, int]:
    """Deliver the rows whose time has come, oldest first; stop at the first row the server
    could not take for a passing reason (the next rows would wait for the same timeout)."""
    now = now or timezone.now()
    due = OutgoingMail.objects.filter(status=MailStatus.PENDING, next_attempt_at__lte=now)
    outcomes: dict[str, int] = {}
    for pk in due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:ROUND_SIZE]:
        outcome = outbox_deliver(pk=pk, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if outcome == "retry":
            break
    return outcomes


def outbox_send_again(*, pks: list[int]) -> int:
    """Staff: put failed or interrupted rows back in the queue (an interrupted one may then
    reach its recipient twice). Returns how many."""
    stuck = Q(status=MailStatus.FAILED) | Q(status=MailStatus.SENDING, claimed_at__lt=_stale())
    count = 0
    for pk in OutgoingMail.objects.filter(stuck, pk__in=pks).values_list("pk", flat=True):
        count += OutgoingMail.objects.filter(stuck, pk=pk).update(
            status=MailStatus.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        deliver_mail.enqueue(pk)
    return count


def outbox_counts() -> dict[str, int]:
    """What staff watch: mail waiting (to send or retry), failed, interrupted while sending."""
    counts = OutgoingMail.objects.aggregate(
        waiting=Count("pk", filter=Q(status=MailStatus.PENDING)),
        failed=Count("pk", filter=Q(status=MailStatus.FAILED)),
        interrupted=Count("pk", filter=Q(status=MailStatus.SENDING, claimed_at__lt=_stale())),
    )
    return {name: value or 0 for name, value in counts.items()}


@task()
def deliver_mail(pk: int) -> str:
    """Send one stored e-mail (idempotent: a row already sent or being sent is left alone)."""
    return outbox_deliver(pk=pk)


# --- helpers ---------------------------------------------------------------------------------


def _stale() -> datetime:
    return timezone.now() - timedelta(seconds=settings.HUB_MAIL_SENDING_STALE_SECONDS)


def _permanent(exc: Exception) -> bool:
    """A refusal the server says will not change: 5xx for every recipient, the sender or data."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    return False


def _failed(row: OutgoingMail, exc: Exception, now: datetime) -> str:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    attempts = row.attempts
    rows = OutgoingMail.objects.filter(pk=row.pk, status=MailStatus.SENDING)
    if _permanent(exc) or attempts >= settings.HUB_MAIL_MAX_ATTEMPTS:
        rows.update(status=MailStatus.FAILED, last_error=error)
        logger.error("E-mail %s not sent after %d attempt(s): %s", row.key, attempts, error)
        return "failed"
    delay = min(settings.HUB_MAIL_RETRY_SECONDS * 2 ** (attempts - 1), 3600)
    rows.update(
        status=MailStatus.PENDING,
        next_attempt_at=now + timedelta(seconds=delay),
        last_error=error,
    )
    logger.warning(
        "E-mail %s not sent (attempt %d), retry in %d s: %s", row.key, attempts, delay, error
    )
    return "retry"


def _content(value: Any) -> dict[str, str]:
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode("ascii")}
    return {"text": str(value)}


def _read(value: dict[str, str]) -> Any:
    return base64.b64decode(value["b64"]) if "b64" in value else value["text"]


def _fields(message: EmailMessage) -> dict[str, Any]:
    """The row's columns for ``message``: its parts as JSON, with a Message-ID fixed now."""
    headers = dict(message.extra_headers)
    headers.setdefault("Message-ID", make_msgid(domain="hub.localhost"))
    attachments = []
    for item in message.attachments:
        if not isinstance(item, tuple):  # a ready MIME part: none of ours builds one
            raise TypeError("The outbox stores attachments given as (name, content, type).")
        name, content, mimetype = item
        attachments.append({"name": name, "content": _content(content), "mimetype": mimetype})
    data = {
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "content_subtype": message.content_subtype,
        "alternatives": [list(alt) for alt in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }
    return {
        "subject": str(message.subject)[:998],
        "recipients": message.recipients(),
        "message": data,
        "message_id": headers["Message-ID"][:255],
    }


def _message(row: OutgoingMail) -> EmailMultiAlternatives:
    data = row.message
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for item in data["attachments"]:
        message.attach(item["name"], _read(item["content"]), item["mimetype"])
    return message
