"""The vocabularies of pledges and their progress updates, and the moves their workflows allow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityType(models.TextChoices):
    """Who pledged: a UN Member State or an entity of the UN system."""

    STATE = "state", _("Member State")
    UN_ENTITY = "un_entity", _("UN entity")


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PLANNED = "planned", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


P = PledgeStatus
PLEDGE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    P.DRAFT: (P.PLANNED, P.IN_PROGRESS, P.FULFILLED),
    P.PLANNED: (P.IN_PROGRESS, P.FULFILLED, P.WITHDRAWN, P.DRAFT),
    P.IN_PROGRESS: (P.FULFILLED, P.WITHDRAWN, P.PLANNED),
    P.FULFILLED: (P.IN_PROGRESS,),
    P.WITHDRAWN: (P.PLANNED, P.IN_PROGRESS),
}

#: The statuses anyone may read (a draft is seen only by the Hub team).
PUBLIC = (P.PLANNED, P.IN_PROGRESS, P.FULFILLED, P.WITHDRAWN)


class UpdateStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the Hub team")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Not published")


U = UpdateStatus
UPDATE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    U.PENDING: (U.APPROVED, U.REJECTED),
    U.APPROVED: (),
    U.REJECTED: (),
}
