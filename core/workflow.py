"""The one workflow engine: every status change in the Hub goes through ``transition``.

A model with a lifecycle declares a ``Workflow`` (its status field, its choices and the moves its
table allows) as the class attribute ``workflow``. ``transition(obj, to, actor=..., note=...)``
then locks the row, refuses a move the table does not allow (with a translated
``TransitionError``), saves the new status with any other fields given, records the audit event
and runs the workflow's hooks: ``before_save`` inside the transaction, ``after_commit`` once the
transaction has committed (e-mails, search indexing). ``transition_many`` does the same for a
queryset, one audited event per row, so bulk changes are never silent.

Adding a workflow is a matter of declaring its table; see docs/architecture.md.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import partial
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from .choices import AuditVerb
from .errors import TransitionError
from .services import audit_record
from .types import Actor

M = TypeVar("M", bound=models.Model)

#: A hook: (the object after the move, the status it left, the actor, the note). A hook may also
#: be named by its dotted path ("app.services.function"), imported when it first runs: models
#: declare their workflow, and the functions a move triggers often live in modules that import
#: the models (services, tasks).
Hook = Callable[[Any, str, Actor, str], None]
HookRef = Hook | str


@dataclass(frozen=True)
class Workflow:
    """The lifecycle of one model: which status may follow which, and what a move records."""

    states: type[models.TextChoices]
    transitions: Mapping[str, Iterable[str]]
    field: str = "status"
    #: The audit verb of a move, or a function of (from, to) giving it.
    verb: AuditVerb | Callable[[str, str], AuditVerb] = AuditVerb.STATUS_CHANGED
    #: The object the audit event is recorded on (default: the object itself).
    audit_target: Callable[[Any], models.Model] | None = None
    #: The note recorded with the event, from (object, note given) (default: the note given).
    audit_note: Callable[[Any, str], str] | None = None
    #: Message of the refusal, with %(current)s and %(target)s; default: TransitionError's.
    refusal: Promise | str | None = None
    #: The error raised on a refusal: TransitionError or the app's own subclass of it.
    error: type[TransitionError] = TransitionError
    #: Hooks by target status ("*" for every move): inside the transaction, before saving.
    before_save: Mapping[str, tuple[HookRef, ...]] = dataclass_field(default_factory=dict)
    #: Hooks by target status ("*" for every move): after the transaction commits.
    after_commit: Mapping[str, tuple[HookRef, ...]] = dataclass_field(default_factory=dict)
    #: Other fields saved with every move (e.g. "updated_at").
    touch: tuple[str, ...] = ("updated_at",)

    def __post_init__(self) -> None:
        known = set(self.states.values)
        for source, targets in self.transitions.items():
            unknown = ({source} | set(targets)) - known
            if unknown:
                raise ValueError(f"Transition table names unknown statuses: {sorted(unknown)}")

    def targets(self, current: str) -> frozenset[str]:
        """The statuses the table allows after ``current``."""
        return frozenset(self.transitions.get(current, ()))

    def allows(self, current: str, to: str) -> bool:
        return to in self.targets(current)

    def refuse(self, current: str, to: str) -> TransitionError:
        labels = dict(self.states.choices)
        return self.error(
            self.refusal,
            current=labels.get(current, current),
            target=labels.get(to, to),
        )

    def _verb(self, current: str, to: str) -> AuditVerb:
        return self.verb(current, to) if callable(self.verb) else self.verb

    def _hooks(self, table: Mapping[str, tuple[HookRef, ...]], to: str) -> tuple[Hook, ...]:
        return tuple(_resolve(hook) for hook in (*table.get("*", ()), *table.get(to, ())))


def _resolve(hook: HookRef) -> Hook:
    return import_string(hook) if isinstance(hook, str) else hook


def workflow_of(obj: models.Model | type[models.Model]) -> Workflow:
    model = obj if isinstance(obj, type) else type(obj)
    workflow = getattr(model, "workflow", None)
    if not isinstance(workflow, Workflow):
        raise TypeError(f"{model.__name__} declares no workflow")
    return workflow


def can_transition(obj: models.Model, to: str) -> bool:
    """Whether the table allows ``obj`` to move to ``to`` now (no lock, for display)."""
    workflow = workflow_of(obj)
    return workflow.allows(getattr(obj, workflow.field), to)


def _apply(
    obj: M,
    to: str,
    *,
    workflow: Workflow,
    actor: Actor,
    note: str,
    changes: Mapping[str, Any],
) -> str:
    current = getattr(obj, workflow.field)
    if not workflow.allows(current, to):
        raise workflow.refuse(current, to)
    setattr(obj, workflow.field, to)
    for name, value in changes.items():
        setattr(obj, name, value)
    for hook in workflow._hooks(workflow.before_save, to):
        hook(obj, current, actor, note)
    fields = {workflow.field, *changes, *workflow.touch}
    fields &= {f.attname for f in obj._meta.concrete_fields} | {
        f.name for f in obj._meta.concrete_fields
    }
    obj.save(update_fields=sorted(fields))
    target = workflow.audit_target(obj) if workflow.audit_target else obj
    audit_record(
        actor=actor,
        target=target,
        verb=workflow._verb(current, to),
        from_status=current,
        to_status=to,
        note=workflow.audit_note(obj, note) if workflow.audit_note else note,
    )
    for hook in workflow._hooks(workflow.after_commit, to):
        transaction.on_commit(partial(hook, obj, current, actor, note))
    return current


def transition(
    obj: M,
    to: str,
    *,
    actor: Actor,
    note: str = "",
    changes: Mapping[str, Any] | None = None,
) -> M:
    """Move ``obj`` to status ``to``: lock, check the table, save, audit, queue the hooks.

    ``changes`` are other fields saved in the same write (e.g. ``{"decided_at": now}``). Returns
    the locked, saved row; ``obj`` itself is updated too, so callers may keep using it.
    """
    workflow = workflow_of(obj)
    changes = dict(changes or {})
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        _apply(locked, to, workflow=workflow, actor=actor, note=note, changes=changes)
    for name in (workflow.field, *changes, *workflow.touch):
        if hasattr(locked, name):
            setattr(obj, name, getattr(locked, name))
    return locked


def transition_many(
    queryset: models.QuerySet[M],
    to: str,
    *,
    actor: Actor,
    note: str = "",
    changes: Mapping[str, Any] | None = None,
) -> list[M]:
    """Move every row of ``queryset`` to ``to``, each checked and audited; the rows whose table
    refuses the move make the whole call fail (nothing is changed)."""
    workflow = workflow_of(queryset.model)
    moved = []
    with transaction.atomic():
        for row in queryset.select_for_update().order_by("pk"):
            _apply(row, to, workflow=workflow, actor=actor, note=note, changes=dict(changes or {}))
            moved.append(row)
    return moved
