"""Types shared by every app."""

from typing import TYPE_CHECKING, TypeAlias, Union

if TYPE_CHECKING:  # the user model lives above core; this import is for the type checker only
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

#: Who does something: a signed-in person, a visitor, or None for the Hub itself (a task, a command).
Actor: TypeAlias = Union["User", "AnonymousUser", None]
