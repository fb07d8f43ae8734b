from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    CLARIFICATION = "clarification", _("Clarification requested")
    IN_REVIEW = "in_review", _("In review")
    AWAITING_DECISION = "awaiting_decision", _("Reviews complete, awaiting decision")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = SubmissionStatus

# Allowed moves; every transition service checks this table.
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.SCREENING, S.WITHDRAWN},
    S.SCREENING: {S.IN_REVIEW, S.CLARIFICATION, S.DECLINED, S.WITHDRAWN},
    S.CLARIFICATION: {S.SCREENING, S.WITHDRAWN},
    S.IN_REVIEW: {S.AWAITING_DECISION, S.CHANGES_REQUESTED, S.APPROVED, S.DECLINED, S.WITHDRAWN},
    # Every review the call's rule asks for is in; back to review when another reviewer is asked.
    S.AWAITING_DECISION: {S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.DECLINED, S.WITHDRAWN},
    S.CHANGES_REQUESTED: {S.IN_REVIEW, S.WITHDRAWN},
    S.APPROVED: {S.PUBLISHED},
    S.PUBLISHED: set(),
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
}

# Statuses in which the submitter may edit the text.
EDITABLE = {S.DRAFT, S.CHANGES_REQUESTED, S.CLARIFICATION}

# Sent and not yet screened; with reviewers or waiting for the decision after their reviews.
UNSCREENED = {S.SUBMITTED, S.SCREENING}
UNDER_REVIEW = {S.IN_REVIEW, S.AWAITING_DECISION}

# The submitter's timeline, in order (declined and withdrawn end it early).
TIMELINE = [
    S.DRAFT,
    S.SUBMITTED,
    S.SCREENING,
    S.IN_REVIEW,
    S.AWAITING_DECISION,
    S.APPROVED,
    S.PUBLISHED,
]


class FindingDecision(models.TextChoices):
    REDACTED = "redacted", _("I removed it")
    CONFIRMED = "confirmed", _("It may be published")
