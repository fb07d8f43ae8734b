from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    GENERAL = "general", _("A general question")
    TECHNICAL = "technical", _("A technical problem with the site")
    CALL = "call", _("A call for practices")
    SUBMISSION = "submission", _("A submission I made")
    CORRECTION = "correction", _("A correction to published content")
    PRESS = "press", _("Press and media")
    OTHER = "other", _("Something else")


class MessageStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Being handled")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


M = MessageStatus

# A message is new until someone takes it or answers it; closing ends it; a closed message can
# be taken up again (the sender wrote back by e-mail).
TRANSITIONS: dict[str, set[str]] = {
    M.NEW: {M.OPEN, M.ANSWERED, M.CLOSED},
    M.OPEN: {M.ANSWERED, M.CLOSED},
    M.ANSWERED: {M.OPEN, M.CLOSED},
    M.CLOSED: {M.OPEN},
}
