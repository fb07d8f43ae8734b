"""The errors of peer review, in the Hub's one family of domain errors."""

from django.utils.translation import gettext_lazy as _

from core.errors import TransitionError
from submissions.errors import SubmissionError


class ReviewError(SubmissionError):
    """A peer-review rule stops the action."""


class AssignmentTransitionError(ReviewError, TransitionError):
    """The invitation's workflow has no move from its status to the one asked for."""

    default_message = _("This invitation can no longer be changed.")


class RosterDecisionError(TransitionError):
    """The application has already been decided."""

    default_message = _("This application has already been decided.")
