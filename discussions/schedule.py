"""Spaces open and close by themselves at their instants: a deferred task per instant, set when
the space is saved, and ``sync_discussions`` (a periodic command) as the safety net."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.choices import AuditVerb
from core.services import audit_record
from core.tasks import enqueue_on_commit
from core.types import Actor

from .choices import SpaceStatus
from .models import Space
from .services import space_move


@transaction.atomic
def space_save(*, space: Space, actor: Actor) -> Space:
    """Save a space written by the Hub team (the admin) and set its timers."""
    space.full_clean()
    space.save()
    audit_record(actor=actor, target=space, verb=AuditVerb.UPDATED)
    pk, opens, closes = space.pk, space.opens_at, space.closes_at
    if opens and space.status == SpaceStatus.DRAFT:
        enqueue_on_commit(open_space_when_due, pk, when=opens)
    if closes and space.status in (SpaceStatus.DRAFT, SpaceStatus.OPEN):
        enqueue_on_commit(close_space_when_due, pk, when=closes)
    return space


def space_open_if_due(*, space: Space, now: Any) -> bool:
    """Open a draft space whose opening instant has come. Safe to run more than once."""
    if space.status != SpaceStatus.DRAFT or space.opens_at is None or space.opens_at > now:
        return False
    if space.closes_at is not None and space.closes_at <= now:
        return False
    space_move(space=space, actor=None, to=SpaceStatus.OPEN, note="opened at its instant")
    return True


def space_close_if_due(*, space: Space, now: Any) -> bool:
    """Close an open space whose closing instant has passed. Safe to run more than once."""
    if space.status != SpaceStatus.OPEN or space.closes_at is None or space.closes_at > now:
        return False
    space_move(space=space, actor=None, to=SpaceStatus.CLOSED, note="closed at its instant")
    return True


def spaces_sync(*, now: Any) -> int:
    """Apply every opening and closing that is due."""
    changed = 0
    for space in Space.objects.filter(status__in=[SpaceStatus.DRAFT, SpaceStatus.OPEN]):
        opened = space_open_if_due(space=space, now=now)
        closed = space_close_if_due(space=space, now=now)
        changed += int(opened or closed)
    return changed


@task()
def open_space_when_due(space_id: int) -> bool:
    space = Space.objects.filter(pk=space_id).first()
    return space is not None and space_open_if_due(space=space, now=timezone.now())


@task()
def close_space_when_due(space_id: int) -> bool:
    space = Space.objects.filter(pk=space_id).first()
    return space is not None and space_close_if_due(space=space, now=timezone.now())


@task()
def sync_space_statuses() -> int:
    return spaces_sync(now=timezone.now())
