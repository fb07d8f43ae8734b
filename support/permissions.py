"""Who may do what with support requests: one policy for views, templates and services.

Anyone reads what the service is. Government focal points (a role the Hub team grants) file
requests and follow their own; the Hub team (curators, administrators) works every request;
signed-in members read shared, anonymised summaries and offer help as partners.
"""

from django.db import models
from django.http import Http404

from accounts.choices import Role
from accounts.permissions import has_role, is_curator
from core.types import Actor

from .models import SupportRequest


class Action(models.TextChoices):
    FILE = "file"  # file a new request
    FOLLOW = "follow"  # the requester's own page: read, write, agree, rate
    WORK = "work"  # the Hub team: see and move every request, notes, report
    READ_SUMMARY = "read_summary"  # anyone: a shared, anonymised summary
    OFFER = "offer"  # signed-in members: express interest in a shared request as a partner


def _signed_in(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_focal_point(user: Actor) -> bool:
    return has_role(user, Role.FOCAL_POINT)


def can(user: Actor, action: str, obj: SupportRequest | None = None) -> bool:
    if action == Action.FILE:
        return is_focal_point(user)
    if action == Action.FOLLOW:
        return _signed_in(user) and (obj is None or obj.requester_id == getattr(user, "pk", None))
    if action == Action.WORK:
        return is_curator(user)
    if action == Action.READ_SUMMARY:
        return obj is None or obj.is_shared
    if action == Action.OFFER:
        return _signed_in(user) and (obj is None or obj.is_shared)
    return False


def instances(user: Actor, action: str) -> models.QuerySet[SupportRequest]:
    """The requests ``user`` may do ``action`` on."""
    requests = SupportRequest.objects.all()
    if action == Action.WORK and is_curator(user):
        return requests
    if action == Action.FOLLOW and _signed_in(user):
        return requests.filter(requester_id=getattr(user, "pk", None))
    if action == Action.READ_SUMMARY or (action == Action.OFFER and _signed_in(user)):
        return requests.shared()
    return requests.none()


def get_request_for(user: Actor, reference: str, action: str) -> SupportRequest:
    """The request with this reference if ``user`` may do ``action`` on it; 404 otherwise
    (whether or not it exists)."""
    found = instances(user, action).filter(reference=reference).first()
    if found is None:
        raise Http404
    return found
