"""Who may do what with events: one policy for views, templates and services.

Anyone reads a published (or cancelled) event, its calendar file and the listing; a draft is
seen only by its organisers and the Hub team. Signed-in members register while registration is
open. An event's organisers (people named on it) and the Hub team see the registrants, approve
them, mark attendance, and add the recording and the summary afterwards.
"""

from enum import StrEnum

from django.db.models import QuerySet
from django.utils import timezone

from accounts.permissions import is_curator
from core.permissions import Policy, Rule, anyone, signed_in
from core.types import Actor

from .choices import EventStatus
from .models import Event


class EventAction(StrEnum):
    VIEW = "view"  # read the event page and its calendar file
    REGISTER = "register"  # signed-in members, while registration is open
    ORGANISE = "organise"  # the event's organisers and the Hub team


def is_organiser(user: Actor, event: Event) -> bool:
    if is_curator(user):
        return True
    if not signed_in(user):
        return False
    return event.organisers.filter(pk=user.pk).exists()  # type: ignore[union-attr]


def _may_view(user: Actor, event: Event) -> bool:
    return event.is_public or is_organiser(user, event)


def _visible(user: Actor, qs: QuerySet[Event]) -> QuerySet[Event]:
    if is_curator(user):
        return qs
    public = qs.public()  # type: ignore[attr-defined]
    if not signed_in(user):
        return public
    return (public | qs.filter(organisers=getattr(user, "pk", None))).distinct()


def _organised(user: Actor, qs: QuerySet[Event]) -> QuerySet[Event]:
    if is_curator(user):
        return qs
    if not signed_in(user):
        return qs.none()
    return qs.filter(organisers=getattr(user, "pk", None)).distinct()


def _registrable(user: Actor, qs: QuerySet[Event]) -> QuerySet[Event]:
    """Published events not started yet (agrees with ``is_open_for_registration``)."""
    if not signed_in(user):
        return qs.none()
    return qs.filter(status=EventStatus.PUBLISHED, starts_at__gt=timezone.now())


policy = Policy(
    "events",
    EventAction,
    {
        EventAction.VIEW: Rule(Event, allowed=anyone, on=_may_view, scope=_visible),
        EventAction.REGISTER: Rule(
            Event,
            allowed=signed_in,
            on=lambda user, event: signed_in(user) and event.is_public,
            scope=_registrable,
            when=lambda event: event.is_open_for_registration(),
        ),
        EventAction.ORGANISE: Rule(Event, allowed=signed_in, on=is_organiser, scope=_organised),
    },
)


def get_event_for(user: Actor, slug: str, action: str = EventAction.VIEW) -> Event:
    """The event, or 404 alike when it is missing or the user may not do ``action`` to it."""
    queryset = Event.objects.prefetch_related(
        "interpretation_languages", "objectives", "principles"
    )
    return policy.get_for(user, action, queryset, slug=slug)
