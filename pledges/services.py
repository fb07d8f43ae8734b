"""Writes on pledges: a focal point posts a progress update, the Hub team approves or declines
it (an approved update may move the pledge's status), the Hub team links practices, and the
import of a file. Each is one audited transaction; e-mails leave after the commit, through the
task system, in each recipient's language."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.choices import AuditVerb
from core.errors import DomainError
from core.services import audit_record
from core.tasks import enqueue_on_commit, task_named
from core.types import Actor
from core.workflow import transition
from repository.models import Practice
from search.tasks import index_item_task

from .choices import UpdateStatus
from .models import Pledge, PledgeUpdate
from .permissions import PledgeAction, policy


def _queue(task: str, *args: Any) -> None:
    enqueue_on_commit(task_named(f"pledges.tasks.{task}"), *args)


def _reindex(pledge: Pledge) -> None:
    """Bring the pledge's search document up to date once the transaction commits (a draft's is
    removed: only public pledges are findable, pledges/search.py)."""
    pk = pledge.pk
    enqueue_on_commit(index_item_task, Pledge._meta.label, pk)


@transaction.atomic
def update_post(
    *, pledge: Pledge, actor: Actor, text: str, language: str, new_status: str = ""
) -> PledgeUpdate:
    """A focal point of the pledging entity reports progress; the Hub team is told."""
    policy.require(actor, PledgeAction.REPORT, pledge)
    if not pledge.is_public:
        raise DomainError(_("Updates can be posted only on a published pledge."))
    if new_status and not Pledge.workflow.allows(pledge.status, new_status):
        raise DomainError(_("The pledge cannot take this status now."))
    update = PledgeUpdate(
        pledge=pledge,
        author=cast(User, actor),
        text=text.strip(),
        language=language,
        new_status=new_status if new_status != pledge.status else "",
    )
    update.full_clean()
    update.save()
    audit_record(actor=actor, target=update, verb=AuditVerb.CREATED, to_status=update.status)
    _queue("send_update_to_team", update.pk)
    return update


@transaction.atomic
def update_approve(*, update: PledgeUpdate, actor: Actor, note: str = "") -> PledgeUpdate:
    """The Hub team publishes the update, dated now ("Updated on"); a proposed status is applied
    to the pledge through its workflow."""
    policy.require(actor, PledgeAction.APPROVE, update)
    changes = {"reason": note.strip(), "decided_at": timezone.now()}
    moved = transition(update, UpdateStatus.APPROVED, actor=actor, note=note, changes=changes)
    pledge = moved.pledge
    if moved.new_status and moved.new_status != pledge.status:
        transition(pledge, moved.new_status, actor=actor, note=str(_("Progress update approved.")))
        _reindex(pledge)
    _queue("send_update_decision", moved.pk)
    return moved


@transaction.atomic
def update_decline(*, update: PledgeUpdate, actor: Actor, reason: str) -> PledgeUpdate:
    """The Hub team does not publish the update and tells its author why."""
    policy.require(actor, PledgeAction.APPROVE, update)
    if not reason.strip():
        raise DomainError(_("Tell the focal point why the update is not published."))
    moved = transition(
        update,
        UpdateStatus.REJECTED,
        actor=actor,
        note=reason.strip(),
        changes={"reason": reason.strip(), "decided_at": timezone.now()},
    )
    _queue("send_update_decision", moved.pk)
    return moved


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def _set_relations(pledge: Pledge, record: Any) -> None:
    pledge.objectives.set(record.objectives)
    pledge.countries.set(record.countries)
    pledge.focal_points.set(record.focal_points)
    pledge.practices.set(Practice.objects.filter(pk__in=[p.pk for p in record.practices]))


def _import_updates(pledge: Pledge, updates: Iterable[tuple[datetime, str, str]]) -> None:
    """Dated updates of the file, published as they are (once: matched by date and text)."""
    for when, text, language in updates:
        if pledge.updates.filter(decided_at=when, text=text).exists():
            continue
        PledgeUpdate.objects.create(
            pledge=pledge,
            text=text,
            language=language,
            status=UpdateStatus.APPROVED,
            decided_at=when,
        )


def _import_one(record: Any, actor: Actor) -> bool:
    """Create or update one pledge (matched by slug); True when it was created."""
    pledge = Pledge.objects.filter(slug=record.slug).first()
    created = pledge is None
    if pledge is None:
        pledge = Pledge(slug=record.slug, status=record.status, **record.fields)
    else:
        for name, value in record.fields.items():
            setattr(pledge, name, value)
    pledge.full_clean(exclude=["objectives"])
    pledge.save()
    if not created and pledge.status != record.status:
        transition(pledge, record.status, actor=actor, note=str(_("Imported again.")))
    _set_relations(pledge, record)
    _import_updates(pledge, record.updates)
    verb = AuditVerb.IMPORTED if created else AuditVerb.REIMPORTED
    audit_record(actor=actor, target=pledge, verb=verb, to_status=pledge.status)
    _reindex(pledge)
    return created


@transaction.atomic
def pledges_import(
    *, records: list[Any], actor: Actor = None, progress: Callable[[int], Any] | None = None
) -> ImportResult:
    """Create or update the pledges of validated records (pledges/interchange.py), all or none."""
    result = ImportResult()
    for record in records:
        if _import_one(record, actor):
            result.created += 1
        else:
            result.updated += 1
        if progress is not None:
            progress(1)
    return result


def pledge_move(*, pledge: Pledge, to: str, actor: Actor, note: str = "") -> Pledge:
    """The Hub team changes a pledge's status (publishing a draft, withdrawing), audited."""
    policy.require(actor, PledgeAction.APPROVE)
    moved = transition(pledge, to, actor=actor, note=note)
    _reindex(moved)
    return moved


@transaction.atomic
def pledge_save(*, pledge: Pledge, actor: Actor) -> Pledge:
    """Save a pledge written or edited by the Hub team (the admin), keeping the search current."""
    policy.require(actor, PledgeAction.APPROVE)
    pledge.save()
    _reindex(pledge)
    return pledge
