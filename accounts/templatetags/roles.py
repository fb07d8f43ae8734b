"""Template access to the permission policy: {% if user|can:"review" %}."""

from typing import Any

from django import template

from accounts.choices import Role
from accounts.permissions import has_role, is_curator

register = template.Library()


@register.filter
def can(user: Any, what: str) -> bool:
    """Whether the user may use a part of the Hub: "review" (reviewers), "curate" (Hub team)."""
    if what == "review":
        return has_role(user, Role.REVIEWER)
    if what == "curate":
        return is_curator(user)
    return False
