"""Who may do what with contact messages: one policy, used by views, templates and services.

Anyone may write to the Hub team; the team (curators and administrators) works the inbox.
"""

from django.db import models
from django.http import Http404

from accounts.permissions import is_curator
from core.types import Actor

from .models import ContactMessage


class Action(models.TextChoices):
    SEND = "send"
    WORK = "work"  # see the inbox and a message, take it, answer it, close or reopen it


def can(user: Actor, action: str, obj: ContactMessage | None = None) -> bool:
    if action == Action.SEND:
        return True
    if action == Action.WORK:
        return is_curator(user)
    return False


def instances(user: Actor, action: str) -> models.QuerySet[ContactMessage]:
    """The messages ``user`` may do ``action`` on."""
    if action == Action.WORK and is_curator(user):
        return ContactMessage.objects.all()
    return ContactMessage.objects.none()


def get_message_for(user: Actor, reference: str, action: str = Action.WORK) -> ContactMessage:
    """The message with this reference if ``user`` may work on it; 404 otherwise (whether or not
    it exists)."""
    message = instances(user, action).filter(reference=reference).first()
    if message is None:
        raise Http404
    return message
