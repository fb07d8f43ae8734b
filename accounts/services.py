"""Writes about people, organisations and roles."""

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from core.choices import AuditVerb
from core.services import audit_record
from core.types import Actor

from .choices import Role
from .models import Organisation, User
from .permissions import AccountAction, policy


def organisation_get_or_create(*, name: str) -> Organisation | None:
    """The organisation of that name (case-insensitive), created when new."""
    name = " ".join(name.split())
    if not name:
        return None
    existing = Organisation.objects.filter(name__iexact=name).first()
    return existing or Organisation.objects.create(name=name)


@transaction.atomic
def profile_update(
    *, user: User, organisation_name: str | None = None, languages: Any = None, **fields: Any
) -> User:
    """Save profile fields; ``organisation_name`` links (or creates) the organisation."""
    for key, value in fields.items():
        setattr(user, key, value)
    if organisation_name is not None:
        user.organisation = organisation_get_or_create(name=organisation_name)
    user.full_clean(exclude=["password"])
    user.save()
    if languages is not None:
        user.working_languages.set(languages)
    audit_record(actor=user, target=user, verb=AuditVerb.PROFILE_UPDATED)
    return user


def roles_ensure() -> list[Group]:
    """Create the role groups if they are missing."""
    return [Group.objects.get_or_create(name=role.value)[0] for role in Role]


@transaction.atomic
def user_grant_role(*, user: User, role: Role, actor: Actor = None) -> User:
    policy.require(actor, AccountAction.GRANT_ROLE, user, system=True)  # demo and set-up commands
    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    if hasattr(user, "_role_cache"):
        del user._role_cache
    audit_record(actor=actor, target=user, verb=AuditVerb.ROLE_GRANTED, note=role.value)
    return user
