from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportType(models.TextChoices):
    TECHNICAL_ADVICE = "technical_advice", _("Technical advice")
    PEER_EXCHANGE = "peer_exchange", _("Peer exchange")
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    ASSESSMENT = "assessment", _("Assessment")
    PARTNER_IDENTIFICATION = "partner_identification", _("Finding partners")
    FUNDING_GUIDANCE = "funding_guidance", _("Guidance on funding")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSESSMENT = "assessment", _("Under assessment")
    NEEDS_INFORMATION = "needs_information", _("More information needed")
    DECLINED = "declined", _("Declined")
    ACCEPTED = "accepted", _("Accepted")
    MATCHED = "matched", _("Experts and partners proposed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


S = RequestStatus

# The Hub team assesses a request, may ask for more information or decline it with a reason,
# accepts it, proposes experts and partners (matched); once the requester agrees the support is
# in progress, then completed (with its outcome) or closed. Declined, completed and closed end it.
TRANSITIONS: dict[str, set[str]] = {
    S.RECEIVED: {S.ASSESSMENT, S.DECLINED, S.CLOSED},
    S.ASSESSMENT: {S.NEEDS_INFORMATION, S.DECLINED, S.ACCEPTED, S.CLOSED},
    S.NEEDS_INFORMATION: {S.ASSESSMENT, S.DECLINED, S.CLOSED},
    S.ACCEPTED: {S.MATCHED, S.CLOSED},
    S.MATCHED: {S.IN_PROGRESS, S.ACCEPTED, S.CLOSED},
    S.IN_PROGRESS: {S.COMPLETED, S.CLOSED},
    S.DECLINED: set(),
    S.COMPLETED: set(),
    S.CLOSED: set(),
}

#: Statuses after which nothing more happens.
ENDED = frozenset({S.DECLINED, S.COMPLETED, S.CLOSED})
#: Statuses in which an anonymised summary may be shown to partners.
SHAREABLE = frozenset({S.ACCEPTED, S.MATCHED, S.IN_PROGRESS})


class Rating(models.IntegerChoices):
    POOR = 1, _("1 – Not useful")
    FAIR = 2, _("2 – A little useful")
    GOOD = 3, _("3 – Useful")
    VERY_GOOD = 4, _("4 – Very useful")
    EXCELLENT = 5, _("5 – Exactly what we needed")
