"""Who may do what with accounts; also the role tests every app's policy builds on."""

from enum import StrEnum
from typing import Any

from allauth.account.authentication import get_authentication_records
from django.conf import settings

from core.permissions import Policy, Rule, signed_in
from core.types import Actor

from .choices import Role
from .models import User


def has_role(user: Actor, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(role))  # type: ignore[union-attr]


def is_curator(user: Actor) -> bool:
    """The Hub team: curators and administrators."""
    return has_role(user, Role.CURATOR) or has_role(user, Role.ADMINISTRATOR)


def needs_two_factor(user: Actor) -> bool:
    """Curators and administrators (configurable) must protect their account with TOTP."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(user.has_role(role) for role in settings.HUB_TWO_FACTOR_ROLES)  # type: ignore[union-attr]


def session_used_second_factor(request: Any, user: Any) -> bool:
    """Whether this session was opened (or confirmed) with the person's second factor.

    allauth records every sign-in step in the session; the "mfa" step is written when a TOTP or
    recovery code was accepted, and by ``accounts.signals`` when TOTP was just set up.
    """
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


class AccountAction(StrEnum):
    EDIT_PROFILE = "edit_profile"  # one's own profile only
    GRANT_ROLE = "grant_role"  # the Hub team (a roster decision makes a reviewer)


def _is_self(user: Actor, person: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.pk == person.pk)  # type: ignore[union-attr]


def _self_only(user: Actor, qs: Any) -> Any:
    return qs.filter(pk=user.pk) if getattr(user, "is_authenticated", False) else qs.none()  # type: ignore[union-attr]


policy = Policy(
    "accounts",
    AccountAction,
    {
        AccountAction.EDIT_PROFILE: Rule(
            User,
            allowed=signed_in,
            on=_is_self,
            scope=_self_only,
        ),
        AccountAction.GRANT_ROLE: Rule(User, allowed=is_curator),
    },
)
