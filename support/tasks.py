"""E-mails of the support service, sent by the task worker: to the requester in their own
language, to the Hub team in each member's."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from accounts.selectors import hub_team
from core.links import absolute_url
from core.services import notify
from core.tasks import register_tasks

from .models import PartnerInterest, RequestMessage, SupportRequest


def _render(name: str, context: dict) -> tuple[str, str]:
    context = {"hub_name": settings.HUB_NAME, **context}
    subject = render_to_string(f"support/email/{name}_subject.txt", context).strip()
    return " ".join(subject.split()), render_to_string(f"support/email/{name}.txt", context)


def _language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _to_requester(request: SupportRequest, name: str, **context) -> None:
    with translation.override(_language(request.requester)):
        url = absolute_url(request.get_absolute_url())  # the page in the requester's language
        subject, body = _render(name, {"request": request, "url": url, **context})
    notify(user=request.requester, subject=subject, body=body)


def _to_team(request: SupportRequest, name: str, **context) -> None:
    for member in hub_team():
        with translation.override(_language(member)):
            path = reverse("support:team_request", kwargs={"reference": request.reference})
            url = absolute_url(path)
            subject, body = _render(name, {"request": request, "url": url, **context})
        notify(user=member, subject=subject, body=body)


def _request(request_id: int) -> SupportRequest:
    return SupportRequest.objects.select_related("requester", "country").get(pk=request_id)


@task()
def announce_request(request_id: int) -> None:
    """Acknowledge a new request to its requester and tell the Hub team."""
    request = _request(request_id)
    _to_requester(request, "received")
    _to_team(request, "new_request")


@task()
def tell_status(request_id: int, note: str = "") -> None:
    """Tell the requester their request moved (with the team's message, if any)."""
    request = _request(request_id)
    _to_requester(request, "status", note=note)


@task()
def deliver_message(message_id: int) -> None:
    """A message of the thread: to the requester when the team wrote it, to the team otherwise."""
    message = RequestMessage.objects.select_related("request__requester", "author").get(
        pk=message_id
    )
    if message.from_team:
        _to_requester(message.request, "team_message", message=message)
    else:
        _to_team(message.request, "requester_message", message=message)


@task()
def announce_interest(interest_id: int) -> None:
    interest = PartnerInterest.objects.select_related("request", "partner").get(pk=interest_id)
    _to_team(interest.request, "interest", interest=interest)


register_tasks(announce_request, tell_status, deliver_message, announce_interest)
