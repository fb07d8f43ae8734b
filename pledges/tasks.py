"""E-mails about progress updates, sent by the task worker in each recipient's language: to the
Hub team when a focal point posts one, to its author when the team decides."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from accounts.selectors import hub_team
from core.links import absolute_url
from core.services import notify
from core.tasks import register_tasks

from .models import PledgeUpdate


def _language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _render(name: str, context: dict) -> tuple[str, str]:
    context = {"hub_name": settings.HUB_NAME, **context}
    subject = render_to_string(f"pledges/email/{name}_subject.txt", context).strip()
    return " ".join(subject.split()), render_to_string(f"pledges/email/{name}.txt", context)


def _update(update_id: int) -> PledgeUpdate:
    return PledgeUpdate.objects.select_related("pledge", "author").get(pk=update_id)


@task()
def send_update_to_team(update_id: int) -> None:
    """A focal point posted an update: each member of the Hub team hears of it."""
    update = _update(update_id)
    for member in hub_team():
        with translation.override(_language(member)):
            url = absolute_url(reverse("pledges:review"))
            subject, body = _render("new_update", {"update": update, "url": url})
        notify(user=member, subject=subject, body=body)


@task()
def send_update_decision(update_id: int) -> None:
    """The author learns whether the update was published, and why not."""
    update = _update(update_id)
    if update.author is None:
        return
    with translation.override(_language(update.author)):
        url = absolute_url(update.pledge.get_absolute_url())
        subject, body = _render("decision", {"update": update, "url": url})
    notify(user=update.author, subject=subject, body=body)


register_tasks(send_update_to_team, send_update_decision)
