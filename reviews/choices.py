from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import AuditVerb


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.PENDING: {ApplicationStatus.APPROVED, ApplicationStatus.DECLINED},
    ApplicationStatus.APPROVED: set(),
    ApplicationStatus.DECLINED: set(),
}


class AssignmentStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CONFLICT = "conflict", _("Conflict of interest declared")
    SUBMITTED = "submitted", _("Review submitted")
    EXPIRED = "expired", _("No answer")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_ASSIGNMENT = [
    AssignmentStatus.INVITED,
    AssignmentStatus.ACCEPTED,
    AssignmentStatus.SUBMITTED,
]

ASSIGNMENT_TRANSITIONS: dict[str, set[str]] = {
    AssignmentStatus.SUGGESTED: {AssignmentStatus.INVITED, AssignmentStatus.CANCELLED},
    AssignmentStatus.INVITED: {
        AssignmentStatus.ACCEPTED,
        AssignmentStatus.DECLINED,
        AssignmentStatus.CONFLICT,
        AssignmentStatus.EXPIRED,
        AssignmentStatus.CANCELLED,
    },
    AssignmentStatus.ACCEPTED: {
        AssignmentStatus.SUBMITTED,
        AssignmentStatus.CONFLICT,
        AssignmentStatus.CANCELLED,
    },
    AssignmentStatus.SUBMITTED: {AssignmentStatus.ACCEPTED},  # re-review of a new version
    AssignmentStatus.DECLINED: set(),
    AssignmentStatus.CONFLICT: set(),
    AssignmentStatus.EXPIRED: set(),
    AssignmentStatus.CANCELLED: set(),
}

# The audit verb of a move, by the status the invitation reaches.
ASSIGNMENT_VERBS: dict[str, AuditVerb] = {
    AssignmentStatus.SUGGESTED: AuditVerb.ASSIGNMENT_SUGGESTED,
    AssignmentStatus.INVITED: AuditVerb.ASSIGNMENT_INVITED,
    AssignmentStatus.ACCEPTED: AuditVerb.ASSIGNMENT_ACCEPTED,
    AssignmentStatus.DECLINED: AuditVerb.ASSIGNMENT_DECLINED,
    AssignmentStatus.CONFLICT: AuditVerb.ASSIGNMENT_CONFLICT,
    AssignmentStatus.SUBMITTED: AuditVerb.ASSIGNMENT_SUBMITTED,
    AssignmentStatus.EXPIRED: AuditVerb.ASSIGNMENT_EXPIRED,
    AssignmentStatus.CANCELLED: AuditVerb.ASSIGNMENT_CANCELLED,
}


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    MINOR = "minor", _("Minor changes")
    MAJOR = "major", _("Major changes")
    DECLINE = "decline", _("Decline")


class Outcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    CHANGES = "changes", _("Request changes")
    DECLINE = "decline", _("Decline")


class Criterion(models.TextChoices):
    """The rubric: the Hub's publication criteria, each scored 1 to 5."""

    RELEVANCE = "relevance", _("Relevance to the GCM objectives")
    COHERENCE = "coherence", _("Coherence with the guiding principles")
    EVIDENCE = "evidence", _("Results and evidence")
    INNOVATION = "innovation", _("Innovation")
    REPLICABILITY = "replicability", _("Replicability")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    CROSS_CUTTING = "cross_cutting", _("Cross-cutting: gender and child sensitivity")
    CLARITY = "clarity", _("Clarity and completeness")


class TemplateKind(models.TextChoices):
    CLARIFICATION = "clarification", _("Clarification request")
    SCREENING_DECLINE = "screening_decline", _("Declined at screening")
    APPROVE = "approve", _("Approval")
    CHANGES = "changes", _("Changes requested")
    DECLINE = "decline", _("Declined after review")
