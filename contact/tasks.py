"""E-mails of the contact service, sent by the task worker in the recipient's language. Each
records when it left, so the inbox shows what the mail server has not taken yet."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from accounts.selectors import hub_team
from core.links import absolute_url
from core.mail import mail_once
from core.services import notify
from core.tasks import register_tasks

from .models import ContactMessage, ContactReply


def _render(name: str, context: dict) -> tuple[str, str]:
    context = {"hub_name": settings.HUB_NAME, **context}
    subject = render_to_string(f"contact/email/{name}_subject.txt", context).strip()
    return " ".join(subject.split()), render_to_string(f"contact/email/{name}.txt", context)


@task()
def send_acknowledgement(message_id: int) -> None:
    """Tell the sender we have their message, with its reference. Sent once."""
    message = ContactMessage.objects.get(pk=message_id)
    if message.acknowledged_at:
        return
    with translation.override(message.language or settings.LANGUAGE_CODE):
        subject, body = _render("acknowledgement", {"message": message})
    email = EmailMessage(subject, body, to=[message.email])
    mail_once(key=f"contact.acknowledgement:{message.pk}", message=email)
    ContactMessage.objects.filter(pk=message.pk).update(acknowledged_at=timezone.now())


@task()
def notify_team(message_id: int) -> None:
    """Tell the Hub team a message arrived: the call's own address when the message is about a
    call that has one (with the sender as reply-to), the team's members otherwise."""
    message = ContactMessage.objects.select_related("call").get(pk=message_id)
    url = absolute_url(reverse("contact:message", kwargs={"reference": message.reference}))
    if message.call and message.call.contact_email:
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _render("new_message", {"message": message, "url": url})
        EmailMessage(
            subject, body, to=[message.call.contact_email], reply_to=[message.email]
        ).send()
        return
    for member in hub_team():
        with translation.override(getattr(member, "language", "") or settings.LANGUAGE_CODE):
            subject, body = _render("new_message", {"message": message, "url": url})
        notify(user=member, subject=subject, body=body)


@task()
def send_reply(reply_id: int) -> None:
    """E-mail an answer to the sender, in the language they wrote in. Sent once."""
    reply = ContactReply.objects.select_related("message", "author").get(pk=reply_id)
    if reply.sent_at:
        return
    message = reply.message
    with translation.override(message.language or settings.LANGUAGE_CODE):
        subject, body = _render("reply", {"message": message, "reply": reply})
    mail_once(
        key=f"contact.reply:{reply.pk}", message=EmailMessage(subject, body, to=[message.email])
    )
    ContactReply.objects.filter(pk=reply.pk).update(sent_at=timezone.now())


register_tasks(send_acknowledgement, notify_team, send_reply)
