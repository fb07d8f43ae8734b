"""One family of domain errors, each carrying a message translated for the person who sees it.

Services raise these when a rule stops an action; views show ``error.message`` (a lazy
translation, so it is rendered in the language of the request that displays it), the API returns
it as ``detail``. Never build the message with an f-string: put the values in ``params`` so the
sentence stays translatable.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the Hub stops the action; ``message`` says why in the user's language."""

    default_message: Promise | str = _("This action is not possible.")

    def __init__(self, message: Promise | str | None = None, **params: Any) -> None:
        self.template = message if message is not None else self.default_message
        self.params = params
        super().__init__(str(self.message))

    @property
    def message(self) -> str:
        """The sentence in the active language (evaluated each time it is read)."""
        text = str(self.template)
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.message


class NotAllowedError(DomainError):
    """The actor may not do this (the service's own permission check)."""

    default_message = _("You are not allowed to do this.")


class TransitionError(DomainError):
    """The workflow's table has no move from the object's status to the one asked for."""

    default_message = _("This cannot move from “%(current)s” to “%(target)s”.")


class ConflictError(DomainError):
    """Someone else changed the object first; the action was not applied."""

    default_message = _("Someone else changed this in the meantime. Reload and try again.")
