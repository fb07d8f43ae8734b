"""The errors of the repository, in the Hub's one family of domain errors."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, TransitionError


class PublicationError(DomainError):
    """The item cannot be published or unpublished as asked."""


class PublicationRefusedError(PublicationError, TransitionError):
    """The item is already in the status asked for."""

    default_message = _("This item is already “%(target)s”.")
