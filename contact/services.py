"""Writes on contact messages: each a guarded, audited transaction; e-mails leave after commit."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from calls.models import Call
from core.choices import AuditVerb
from core.errors import DomainError, NotAllowedError
from core.services import audit_record
from core.tasks import enqueue_on_commit, task_named
from core.types import Actor
from core.workflow import transition

from .choices import MessageStatus
from .models import ContactMessage, ContactReply
from .permissions import ContactAction, policy

M = MessageStatus


def _team_member(actor: Actor) -> User:
    """The actor, when they may work on messages; NotAllowedError otherwise."""
    if not isinstance(actor, User) or not policy.can(actor, ContactAction.WORK):
        raise NotAllowedError()
    return actor


@transaction.atomic
def message_receive(
    *,
    sender: Actor,
    language: str,
    category: str,
    name: str,
    email: str,
    subject: str,
    body: str,
    organisation: str = "",
    page: str = "",
    call: Call | None = None,
) -> ContactMessage:
    """Store a message from the contact form, then (after commit) acknowledge it to the sender
    and tell the team (the call's own address when it has one)."""
    message = ContactMessage.objects.create(
        sender=sender if isinstance(sender, User) else None,
        language=language,
        category=category,
        name=name,
        email=email,
        organisation=organisation,
        subject=subject,
        body=body,
        page=page,
        call=call,
    )
    audit_record(actor=message.sender, target=message, verb=AuditVerb.CONTACT_RECEIVED)
    enqueue_on_commit(task_named("contact.tasks.send_acknowledgement"), message.pk)
    enqueue_on_commit(task_named("contact.tasks.notify_team"), message.pk)
    return message


@transaction.atomic
def message_assign(*, message: ContactMessage, actor: Actor, to: Any) -> ContactMessage:
    """Give the message to one person of the team (``to``; None takes it back to nobody)."""
    actor = _team_member(actor)
    if to is not None and not policy.can(to, ContactAction.WORK):
        raise DomainError(_("Only a member of the Hub team can handle a message."))
    if message.status in (M.NEW, M.CLOSED) and to is not None:
        message = transition(message, M.OPEN, actor=actor, changes={"assigned_to": to})
    else:
        message = ContactMessage.objects.select_for_update().get(pk=message.pk)
        message.assigned_to = to
        message.save(update_fields=["assigned_to", "updated_at"])
    audit_record(
        actor=actor,
        target=message,
        verb=AuditVerb.MESSAGE_ASSIGNED,
        note=getattr(to, "email", ""),
    )
    return message


@transaction.atomic
def message_reply(*, message: ContactMessage, actor: Actor, body: str) -> ContactReply:
    """Store an answer and e-mail it to the sender; the first answer records the response time."""
    actor = _team_member(actor)
    body = body.strip()
    if not body:
        raise DomainError(_("Write the answer before sending it."))
    reply = ContactReply.objects.create(message=message, author=actor, body=body)
    now = timezone.now()
    changes: dict[str, Any] = {}
    if message.first_response_at is None:
        changes["first_response_at"] = now
    if message.assigned_to_id is None:
        changes["assigned_to"] = actor
    if message.status != M.ANSWERED:
        transition(message, M.ANSWERED, actor=actor, changes=changes)
    elif changes:
        ContactMessage.objects.filter(pk=message.pk).update(**changes)
    audit_record(actor=actor, target=message, verb=AuditVerb.REPLY_SENT)
    enqueue_on_commit(task_named("contact.tasks.send_reply"), reply.pk)
    return reply


def reply_resend(*, reply: ContactReply, actor: Actor) -> None:
    """Try again to e-mail an answer the mail server did not take."""
    actor = _team_member(actor)
    if reply.sent_at is None:
        task_named("contact.tasks.send_reply").enqueue(reply.pk)


@transaction.atomic
def message_close(*, message: ContactMessage, actor: Actor, note: str = "") -> ContactMessage:
    actor = _team_member(actor)
    return transition(
        message, M.CLOSED, actor=actor, note=note, changes={"closed_at": timezone.now()}
    )


@transaction.atomic
def message_reopen(*, message: ContactMessage, actor: Actor) -> ContactMessage:
    actor = _team_member(actor)
    return transition(
        message,
        M.OPEN,
        actor=actor,
        changes={"closed_at": None, "assigned_to": message.assigned_to or actor},
    )


def erase_personal_data(user: User) -> None:
    """Account deletion (accounts.personal_data): messages the person sent signed in keep their
    text for the team's record but lose the sender's name and address."""
    ContactMessage.objects.filter(sender=user).update(name="", email="")
