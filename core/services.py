"""Writes shared by every app."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import translation

from .choices import AuditVerb
from .models import AuditEvent, Notification
from .types import Actor, person


def audit_record(
    *,
    actor: Actor,
    target: models.Model,
    verb: AuditVerb,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> AuditEvent:
    """Append one event to the audit log. Call it inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=person(actor),
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        verb=verb,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def notify(*, user: Any, subject: str, body: str) -> None:
    """E-mail a person now, or keep the message for their daily digest if they chose one.

    Call it with the subject and body already rendered in the person's language."""

    if getattr(user, "email_digest", False):
        Notification.objects.create(user=user, subject=subject[:250], body=body)
        return
    send_mail(subject, body, None, [user.email])


def digests_send(*, now: Any) -> int:
    """Send each person with pending notifications one e-mail holding them all."""

    sent = 0
    pending = (
        Notification.objects.filter(sent_at__isnull=True)
        .select_related("user")
        .order_by("user_id", "created_at")
    )
    by_user: dict[Any, list[Notification]] = {}
    for item in pending:
        by_user.setdefault(item.user, []).append(item)
    for user, items in by_user.items():
        with translation.override(getattr(user, "language", None) or "en"):
            subject = translation.gettext(
                "Your daily summary from the Hub (%(count)d messages)"
            ) % {"count": len(items)}
        body = "\n\n".join(f"== {item.subject} ==\n\n{item.body}" for item in items)
        with transaction.atomic():
            # Claimed before sending, in the same transaction: a second run (another worker,
            # a redelivered task) finds these notifications sent, or locked, and skips them.
            claimed = Notification.objects.filter(
                pk__in=[i.pk for i in items], sent_at__isnull=True
            ).update(sent_at=now)
            if claimed != len(items):
                transaction.set_rollback(True)
                continue
            send_mail(subject, body, None, [user.email])
        sent += 1
    return sent
