"""The shape every app's permission policy takes (in the manner of Wagtail's permission policies).

Each app's ``permissions.py`` declares its actions as an enumeration (``StrEnum``) and one ``policy``: a
:class:`Policy` holding one :class:`Rule` per action. Everything that asks "may this person do
this?" asks the policy: views (through ``get_<entity>_for``, 404 alike for missing and
forbidden), the API, templates (the ``can`` filter of ``core/templatetags/policy.py``) and
services (``policy.require``, which raises :class:`~core.errors.NotAllowedError`).

- ``policy.can(user, action)``: may the person do this at all (show the link, open the page)?
- ``policy.can(user, action, obj)``: may the person do it to this object?
- ``policy.instances(user, action)``: the objects the person may do it to, as a queryset.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from .errors import NotAllowedError
from .types import Actor

UserCheck = Callable[[Any], bool]
ObjectCheck = Callable[[Any, Any], bool]
Scope = Callable[[Any, QuerySet], QuerySet]


def signed_in(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def anyone(user: Actor) -> bool:
    return True


def nobody(user: Actor) -> bool:
    return False


@dataclass(frozen=True)
class Rule:
    """Who may do one action, and when.

    ``allowed(user)`` answers without an object; ``on(user, obj)`` says whether this person may
    act on this object (default: the same answer as ``allowed``); ``when(obj)`` whether the
    object's state allows the action at all (an editable status, a withdrawable one);
    ``scope(user, queryset)`` narrows a queryset to the objects the person may act on now
    (default: all of them when ``allowed``, none otherwise). ``scope`` agrees with ``on`` and
    ``when`` together.
    """

    model: type[models.Model]
    allowed: UserCheck
    on: ObjectCheck | None = None
    scope: Scope | None = None
    when: Callable[[Any], bool] | None = None


class Policy:
    """One app's answers, one :class:`Rule` per action of its ``actions`` enumeration."""

    def __init__(self, label: str, actions: type[StrEnum], rules: dict) -> None:
        missing = {str(action) for action in actions} - {str(action) for action in rules}
        if missing:
            raise ValueError(f"{label}: no rule for {sorted(missing)}")
        self.label = label
        self.actions = actions
        self.rules: dict[str, Rule] = {str(action): rule for action, rule in rules.items()}

    def rule(self, action: str) -> Rule:
        """The rule of ``action``; an action the app does not declare is a programming error."""
        return self.rules[str(self.actions(action))]

    def can(self, user: Actor, action: str, obj: Any = None) -> bool:
        """Whether ``user`` may do ``action`` (to ``obj``, in its present state)."""
        rule = self.rule(action)
        if obj is None:
            return rule.allowed(user)
        return self._may(rule, user, obj) and (rule.when is None or rule.when(obj))

    @staticmethod
    def _may(rule: Rule, user: Actor, obj: Any) -> bool:
        return rule.on(user, obj) if rule.on is not None else rule.allowed(user)

    def instances(
        self, user: Actor, action: str, queryset: QuerySet | None = None
    ) -> QuerySet[Any]:
        """The objects ``user`` may do ``action`` to; ``queryset`` (of the rule's model, or of
        another model the same rule covers) is narrowed instead of the whole table."""
        rule = self.rule(action)
        qs = queryset if queryset is not None else rule.model._default_manager.all()
        if rule.scope is not None:
            return rule.scope(user, qs)
        return qs if rule.allowed(user) else qs.none()

    def get_for(
        self, user: Actor, action: str, queryset: QuerySet | None = None, **lookup: Any
    ) -> Any:
        """The one object matching ``lookup`` that ``user`` may do ``action`` to; 404 alike when
        it is missing or not allowed (nobody learns that it exists)."""
        found = self.instances(user, action, queryset).filter(**lookup).order_by()[:1]
        obj = next(iter(found), None)
        if obj is None or not self.can(user, action, obj):
            raise Http404
        return obj

    def require(self, actor: Actor, action: str, obj: Any = None, *, system: bool = False) -> None:
        """A service's check of its actor: raises :class:`NotAllowedError` unless ``actor`` may
        do ``action`` (to ``obj``). Only the person is checked, not ``when``: the service's
        workflow refuses a wrong state with its own message. ``system=True`` lets the Hub itself
        (``actor=None``: a task, a command) do the action; otherwise ``None`` is refused like
        a stranger."""
        if actor is None and system:
            return
        rule = self.rule(action)
        allowed = rule.allowed(actor) if obj is None else self._may(rule, actor, obj)
        if not allowed:
            raise NotAllowedError()


def policy_for(label: str) -> Policy:
    """The policy of the app ``label`` (its ``permissions.policy``), found by convention so that
    the template filter in ``core`` reaches every app without importing up the layers."""
    policy = getattr(import_module(f"{label}.permissions"), "policy", None)
    if not isinstance(policy, Policy):
        raise LookupError(f"{label}.permissions has no policy")
    return policy


def can(user: Actor, key: str, obj: Any = None) -> bool:
    """``can(user, "submissions.withdraw", submission)``: the policy of the app before the dot."""
    label, _dot, action = key.partition(".")
    return policy_for(label).can(user, action, obj)
