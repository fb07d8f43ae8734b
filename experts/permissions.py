"""Who may do what with expert profiles, and who sees each field: one policy for views,
templates, the API and services."""

from django.db import models
from django.http import Http404

from accounts.permissions import is_curator
from core.types import Actor

from .choices import Visibility
from .models import ExpertBlock, ExpertProfile


class Action(models.TextChoices):
    VIEW = "view"  # the profile page
    EDIT = "edit"  # the expert's own profile (create, edit, list, take out, confirm, delete)
    CONTACT = "contact"  # write to the expert through the relay
    VERIFY = "verify"  # the Hub team: verify, send back


def _signed_in(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _user_id(user: Actor) -> int:
    """The signed-in person's id; 0 (no one) for visitors and the Hub itself."""
    return int(getattr(user, "pk", 0) or 0) if _signed_in(user) else 0


def _owns(user: Actor, profile: ExpertProfile | None) -> bool:
    return bool(profile is not None and _signed_in(user) and profile.user_id == _user_id(user))


def can(user: Actor, action: str, obj: ExpertProfile | None = None) -> bool:
    if action == Action.VIEW:
        return obj is None or obj.is_listed or _owns(user, obj) or is_curator(user)
    if action == Action.EDIT:
        return _signed_in(user) and (obj is None or _owns(user, obj))
    if action == Action.CONTACT:
        if not _signed_in(user) or obj is None or not obj.is_listed or _owns(user, obj):
            return False
        return not ExpertBlock.objects.filter(expert=obj, sender_id=_user_id(user)).exists()
    if action == Action.VERIFY:
        return is_curator(user)
    return False


def instances(user: Actor, action: str) -> models.QuerySet[ExpertProfile]:
    """The profiles ``user`` may do ``action`` on."""
    profiles = ExpertProfile.objects.all()
    if action == Action.VIEW:
        if is_curator(user):
            return profiles
        return profiles.listed() | profiles.filter(user_id=_user_id(user))
    if action == Action.EDIT and _signed_in(user):
        return profiles.filter(user_id=_user_id(user))
    if action == Action.VERIFY and is_curator(user):
        return profiles
    if action == Action.CONTACT and _signed_in(user):
        blocked = ExpertBlock.objects.filter(sender_id=_user_id(user)).values("expert_id")
        return profiles.listed().exclude(user_id=_user_id(user)).exclude(pk__in=blocked)
    return profiles.none()


def sees(user: Actor, profile: ExpertProfile, field: str) -> bool:
    """Whether ``user`` sees ``field`` of ``profile``, as the expert chose."""
    if _owns(user, profile) or is_curator(user):
        return True
    visibility = profile.visibility_of(field)
    if visibility == Visibility.PUBLIC:
        return True
    return visibility == Visibility.MEMBERS and _signed_in(user)


def get_profile_for(user: Actor, slug: str, action: str = Action.VIEW) -> ExpertProfile:
    """The profile with this address if ``user`` may do ``action`` on it; 404 otherwise."""
    profile = ExpertProfile.objects.filter(slug=slug).first()
    if profile is None or not can(user, action, profile):
        raise Http404
    return profile
