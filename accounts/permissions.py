"""Who may do what with accounts. Views, templates and the API use these predicates."""

from typing import Any

from .choices import Role


def has_role(user: Any, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(role))


def is_curator(user: Any) -> bool:
    return has_role(user, Role.CURATOR) or has_role(user, Role.ADMINISTRATOR)


def is_administrator(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def needs_two_factor(user: Any) -> bool:
    """Curators and administrators (configurable) must protect their account with TOTP."""
    from django.conf import settings

    if not getattr(user, "is_authenticated", False):
        return False
    return any(user.has_role(role) for role in settings.HUB_TWO_FACTOR_ROLES)


def can_edit_profile(user: Any, profile_user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.pk == profile_user.pk)


def session_used_second_factor(request: Any, user: Any) -> bool:
    """Whether this session was opened (or confirmed) with the person's second factor.

    allauth records every sign-in step in the session; the "mfa" step is written when a TOTP or
    recovery code was accepted, and by ``accounts.signals`` when TOTP was just set up.
    """
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)
