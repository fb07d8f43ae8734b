"""Reads of accounts shared by every app."""

from django.db.models import QuerySet

from .choices import Role
from .models import User


def hub_team() -> QuerySet[User]:
    """The active people of the Hub team (curators and administrators), who handle messages,
    profiles and requests."""
    return User.objects.filter(
        is_active=True, groups__name__in=[Role.CURATOR, Role.ADMINISTRATOR]
    ).distinct()
