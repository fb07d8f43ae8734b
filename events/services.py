"""Writes on events and registrations: each a guarded, audited transaction; e-mails leave after
the commit, through the task system.

Seats are counted under a lock on the event's row, so two people registering at once for the
last seat, or a cancellation racing a registration, never overbook: the one who waits sees the
other's write. A confirmed registrant who cancels hands their seat to the first person on the
waiting list in the same transaction.
"""

from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.choices import AuditVerb
from core.errors import ConflictError, DomainError, NotAllowedError
from core.files import random_name
from core.services import audit_record
from core.tasks import enqueue_on_commit, task_named
from core.types import Actor
from core.workflow import transition
from submissions.uploads import clean_upload

from .choices import ACTIVE, REMINDERS, EventStatus
from .choices import RegistrationStatus as R
from .models import Event, Registration
from .permissions import EventAction, policy

#: Changing these fields re-sends the calendar file to registrants (with SEQUENCE raised).
CALENDAR_FIELDS = ("starts_at", "ends_at", "join_url", "place", "platform")


def _person(actor: Actor) -> User:
    if not isinstance(actor, User):
        raise NotAllowedError()
    return actor


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _has_seat(event: Event) -> bool:
    if event.capacity is None:
        return True
    taken = event.registrations.filter(status=R.CONFIRMED).count()
    return taken < event.capacity


def _after_commit_status(registration: Registration) -> None:
    pk = registration.pk
    enqueue_on_commit(task_named("events.tasks.send_registration_status"), pk)


@transaction.atomic
def registration_create(
    *, event: Event, actor: Actor, language: str = "", note: str = ""
) -> Registration:
    """A member registers: confirmed when a seat is free, on the waiting list when the event is
    full, waiting for the organisers' approval when its audience is restricted."""
    person = _person(actor)
    event = _locked(event)
    policy.require(person, EventAction.REGISTER, event)
    if not event.is_open_for_registration():
        raise DomainError(_("Registration for this event is closed."))
    earlier = event.registrations.filter(user=person, status__in=(*ACTIVE, R.DECLINED))
    if earlier.exists():
        raise ConflictError(_("You are already registered for this event."))
    status = R.CONFIRMED if _has_seat(event) else R.WAITLISTED
    if event.is_restricted:
        status = R.PENDING
    registration = Registration(
        event=event, user=person, status=status, language=language, note=note.strip()
    )
    registration.full_clean()
    registration.save()
    audit_record(actor=person, target=registration, verb=AuditVerb.CREATED, to_status=status)
    _after_commit_status(registration)
    return registration


def _move(registration: Registration, to: str, *, actor: Actor, note: str = "") -> Registration:
    moved = transition(registration, to, actor=actor, note=note)
    _after_commit_status(moved)
    return moved


def _promote_next(event: Event, *, actor: Actor) -> Registration | None:
    """Give a free seat to the first person on the waiting list (the event's row is locked)."""
    if not _has_seat(event):
        return None
    waiting = event.registrations.filter(status=R.WAITLISTED).order_by("created_at", "pk")
    first = waiting.select_for_update().first()
    if first is None:
        return None
    note = str(_("A seat became free."))
    return _move(first, R.CONFIRMED, actor=actor, note=note)


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: Actor) -> Registration:
    """The registrant (or an organiser) cancels; a freed seat goes to the waiting list."""
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if actor is not None and getattr(actor, "pk", None) != registration.user_id:
        policy.require(actor, EventAction.ORGANISE, event)
    held_seat = registration.is_confirmed
    cancelled = _move(registration, R.CANCELLED, actor=actor)
    if held_seat and not event.has_ended():
        _promote_next(event, actor=None)
    return cancelled


@transaction.atomic
def registration_decide(
    *, registration: Registration, actor: Actor, accept: bool, note: str = ""
) -> Registration:
    """An organiser accepts (a seat, or the waiting list when full) or declines a pending
    registration."""
    event = _locked(registration.event)
    policy.require(actor, EventAction.ORGANISE, event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not accept:
        return _move(registration, R.DECLINED, actor=actor, note=note)
    to = R.CONFIRMED if _has_seat(event) else R.WAITLISTED
    return _move(registration, to, actor=actor, note=note)


@transaction.atomic
def attendance_mark(*, event: Event, actor: Actor, attended: Iterable[int]) -> int:
    """An organiser records who attended (the ids given) among the confirmed registrants."""
    policy.require(actor, EventAction.ORGANISE, event)
    present = set(attended)
    confirmed = event.registrations.filter(status=R.CONFIRMED)
    confirmed.filter(pk__in=present).update(attended=True)
    confirmed.exclude(pk__in=present).update(attended=False)
    audit_record(actor=actor, target=event, verb=AuditVerb.UPDATED, note="attendance")
    return len(present)


@transaction.atomic
def event_update(
    *,
    event: Event,
    actor: Actor,
    practices: Iterable[Any] | None = None,
    resources: Iterable[Any] | None = None,
    **changes: Any,
) -> Event:
    """An organiser edits an event. A change of time, place or link raises the calendar
    SEQUENCE and sends every active registrant the updated calendar file."""
    policy.require(actor, EventAction.ORGANISE, event)
    event = _locked(event)
    moved = [
        name
        for name in CALENDAR_FIELDS
        if name in changes and changes[name] != getattr(event, name)
    ]
    for name, value in changes.items():
        setattr(event, name, value)
    if moved:
        event.sequence += 1
    event.full_clean()
    event.save()
    if practices is not None:
        event.practices.set(practices)
    if resources is not None:
        event.resources.set(resources)
    audit_record(actor=actor, target=event, verb=AuditVerb.UPDATED, note=", ".join(moved))
    if {"starts_at", "ends_at"} & set(moved):
        event.registrations.update(reminded_day_at=None, reminded_hour_at=None)
        _schedule_reminders(event)
    if moved and event.is_public:
        pk = event.pk
        enqueue_on_commit(task_named("events.tasks.send_event_update"), pk)
    while _promote_next(event, actor=None):  # more seats: the waiting list moves up
        pass
    return event


@transaction.atomic
def event_publish(*, event: Event, actor: Actor) -> Event:
    policy.require(actor, EventAction.ORGANISE, event)
    published = transition(event, EventStatus.PUBLISHED, actor=actor)
    _schedule_reminders(published)
    return published


@transaction.atomic
def event_cancel(*, event: Event, actor: Actor, note: str = "") -> Event:
    """Call the event off; registrants receive the calendar file marked cancelled."""
    policy.require(actor, EventAction.ORGANISE, event)
    event = _locked(event)
    event.sequence += 1
    cancelled = transition(
        event, EventStatus.CANCELLED, actor=actor, note=note, changes={"sequence": event.sequence}
    )
    pk = event.pk
    enqueue_on_commit(task_named("events.tasks.send_event_update"), pk)
    return cancelled


@transaction.atomic
def event_attach_summary(*, event: Event, actor: Actor, uploaded: Any) -> Event:
    """The summary report, through the upload gate (type sniffed, metadata stripped, scanned)."""
    policy.require(actor, EventAction.ORGANISE, event)
    cleaned = clean_upload(uploaded)
    event = _locked(event)
    event.summary_file.save(
        random_name("events", cleaned.name), ContentFile(cleaned.content), save=False
    )
    event.save(update_fields=["summary_file", "updated_at"])
    audit_record(actor=actor, target=event, verb=AuditVerb.FILE_ADDED, note=cleaned.name)
    return event


def _schedule_reminders(event: Event) -> None:
    """Ask the task system to wake at each reminder instant, once per event (on publication and
    on a change of time); ``event_reminders`` is the safety net, and a wake-up finding nothing
    due (the time moved since) sends nothing."""
    now = timezone.now()
    for _field, before in REMINDERS:
        when = event.starts_at - before
        if when > now:
            enqueue_on_commit(task_named("events.reminders.remind_due"), event.pk, when=when)
