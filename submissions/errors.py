"""The errors of the submissions app, in the Hub's one family of domain errors."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, TransitionError


class SubmissionError(DomainError):
    """A rule stops the action; ``message`` says why, in the user's language."""


class SubmissionTransitionError(SubmissionError, TransitionError):
    """The submission's workflow has no move from its status to the one asked for."""

    default_message = _("This submission cannot go from “%(current)s” to “%(target)s”.")
