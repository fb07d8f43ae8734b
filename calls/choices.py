from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


# Allowed moves between statuses; services refuse any other.
TRANSITIONS: dict[str, set[str]] = {
    CallStatus.DRAFT: {CallStatus.SCHEDULED, CallStatus.OPEN},
    CallStatus.SCHEDULED: {CallStatus.DRAFT, CallStatus.OPEN},
    CallStatus.OPEN: {CallStatus.CLOSED},
    CallStatus.CLOSED: {CallStatus.OPEN, CallStatus.ARCHIVED},
    CallStatus.ARCHIVED: set(),
}
