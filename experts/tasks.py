"""E-mails of the expert directory, in the recipient's language, and the yearly confirmation."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from accounts.selectors import hub_team
from core.links import absolute_url
from core.services import notify
from core.tasks import register_tasks

from .models import GRACE_DAYS, ExpertMessage, ExpertProfile


def _render(name: str, context: dict) -> tuple[str, str]:
    context = {"hub_name": settings.HUB_NAME, **context}
    subject = " ".join(render_to_string(f"experts/email/{name}_subject.txt", context).split())
    return subject, render_to_string(f"experts/email/{name}.txt", context)


def _language(profile: ExpertProfile) -> str:
    return getattr(profile.user, "language", "") or settings.LANGUAGE_CODE


@task()
def send_profile_notice(profile_id: int, kind: str, reason: str) -> None:
    """Tell the expert their profile was listed, sent back (with the reason) or dropped out."""
    profile = ExpertProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None:
        return
    with translation.override(_language(profile)):
        context = {
            "profile": profile,
            "kind": kind,
            "reason": reason,
            "url": absolute_url(reverse("experts:mine")),
        }
        subject, body = _render("notice", context)
    EmailMessage(subject, body, to=[profile.email]).send()


@task()
def tell_team_profile_waits(profile_id: int) -> None:
    profile = ExpertProfile.objects.get(pk=profile_id)
    url = absolute_url(reverse("experts:team"))
    for member in hub_team():
        with translation.override(getattr(member, "language", "") or settings.LANGUAGE_CODE):
            subject, body = _render("waiting", {"profile": profile, "url": url})
        notify(user=member, subject=subject, body=body)


@task()
def send_relayed_message(message_id: int) -> None:
    """The member's message, to the expert, with the member's address to reply to."""
    message = ExpertMessage.objects.select_related("expert__user", "sender").get(pk=message_id)
    expert = message.expert
    with translation.override(_language(expert)):
        context = {
            "message": message,
            "sender": message.sender,
            "manage_url": absolute_url(reverse("experts:mine_messages")),
        }
        subject, body = _render("relayed", context)
    EmailMessage(subject, body, to=[expert.email], reply_to=[message.sender.email]).send()


@task()
def send_confirmation_reminder(profile_id: int) -> None:
    """A year after the last confirmation: ask the expert whether the profile is still right."""
    profile = ExpertProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None:
        return
    with translation.override(_language(profile)):
        context = {
            "profile": profile,
            "days": GRACE_DAYS,
            "url": absolute_url(reverse("experts:mine")),
        }
        subject, body = _render("reminder", context)
    EmailMessage(subject, body, to=[profile.email]).send()


register_tasks(
    send_profile_notice, tell_team_profile_waits, send_relayed_message, send_confirmation_reminder
)
