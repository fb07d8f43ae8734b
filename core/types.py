"""Types shared by every app."""

from typing import TYPE_CHECKING, TypeAlias, Union, cast

from .errors import NotAllowedError

if TYPE_CHECKING:  # the user model lives above core; this import is for the type checker only
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

#: Who does something: a signed-in person, a visitor, or None for the Hub itself (a task, a command).
Actor: TypeAlias = Union["User", "AnonymousUser", None]


def person(actor: Actor) -> "User | None":
    """The signed-in person behind ``actor``; None for a visitor or the Hub itself."""
    if actor is None or not actor.is_authenticated:
        return None
    return cast("User", actor)


def signed_in(actor: Actor) -> "User":
    """The signed-in person behind ``actor``, for a service whose policy check already refused
    everyone else (so this raises only where that check was forgotten)."""
    user = person(actor)
    if user is None:
        raise NotAllowedError()
    return user
