"""Who may do what with expert profiles, and who sees each field: one policy for views,
templates, the API and services."""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.permissions import is_curator
from core.permissions import Policy, Rule, anyone, signed_in
from core.types import Actor

from .choices import Visibility
from .models import ExpertBlock, ExpertProfile


class ExpertAction(StrEnum):
    VIEW = "view"  # the profile page
    EDIT = "edit"  # the expert's own profile (create, edit, list, take out, confirm, delete)
    CONTACT = "contact"  # write to the expert through the relay
    VERIFY = "verify"  # the Hub team: verify, send back


def _user_id(user: Actor) -> int:
    """The signed-in person's id; 0 (no one) for visitors and the Hub itself."""
    return int(getattr(user, "pk", 0) or 0) if signed_in(user) else 0


def _owns(user: Actor, profile: ExpertProfile | None) -> bool:
    return bool(profile is not None and signed_in(user) and profile.user_id == _user_id(user))


def _may_view(user: Actor, profile: ExpertProfile) -> bool:
    return profile.is_listed or _owns(user, profile) or is_curator(user)


def _visible(user: Actor, profiles: QuerySet[ExpertProfile]) -> QuerySet[ExpertProfile]:
    if is_curator(user):
        return profiles
    return profiles.listed() | profiles.filter(user_id=_user_id(user))  # type: ignore[attr-defined]


def _own(user: Actor, profiles: QuerySet[ExpertProfile]) -> QuerySet[ExpertProfile]:
    return profiles.filter(user_id=_user_id(user)) if signed_in(user) else profiles.none()


def _may_contact(user: Actor, profile: ExpertProfile) -> bool:
    if not signed_in(user) or not profile.is_listed or _owns(user, profile):
        return False
    return not ExpertBlock.objects.filter(expert=profile, sender_id=_user_id(user)).exists()


def _reachable(user: Actor, profiles: QuerySet[ExpertProfile]) -> QuerySet[ExpertProfile]:
    if not signed_in(user):
        return profiles.none()
    blocked = ExpertBlock.objects.filter(sender_id=_user_id(user)).values("expert_id")
    listed = profiles.listed()  # type: ignore[attr-defined]
    return listed.exclude(user_id=_user_id(user)).exclude(pk__in=blocked)


policy = Policy(
    "experts",
    ExpertAction,
    {
        ExpertAction.VIEW: Rule(ExpertProfile, allowed=anyone, on=_may_view, scope=_visible),
        ExpertAction.EDIT: Rule(ExpertProfile, allowed=signed_in, on=_owns, scope=_own),
        ExpertAction.CONTACT: Rule(
            ExpertProfile, allowed=signed_in, on=_may_contact, scope=_reachable
        ),
        ExpertAction.VERIFY: Rule(ExpertProfile, allowed=is_curator),
    },
)


def sees(user: Actor, profile: ExpertProfile, field: str) -> bool:
    """Whether ``user`` sees ``field`` of ``profile``, as the expert chose."""
    if _owns(user, profile) or is_curator(user):
        return True
    visibility = profile.visibility_of(field)
    if visibility == Visibility.PUBLIC:
        return True
    return visibility == Visibility.MEMBERS and signed_in(user)


def get_profile_for(user: Actor, slug: str, action: str = ExpertAction.VIEW) -> ExpertProfile:
    """The profile with this address if ``user`` may do ``action`` on it; 404 otherwise."""
    return policy.get_for(user, action, slug=slug)
