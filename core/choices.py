"""Choices shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    """Every kind of event the audit log records. Add a member (and its sentence in
    ``core/audit.py``) before a service records a new kind."""

    CREATED = "created", _("Created")
    STATUS_CHANGED = "status_changed", _("Status changed")
    UPDATED = "updated", _("Edited")
    SAFEGUARDING_ANSWERED = "safeguarding_answered", _("Personal-data check answered")
    CO_SUBMITTER_INVITED = "co_submitter_invited", _("Co-submitter invited")
    CO_SUBMITTER_JOINED = "co_submitter_joined", _("Co-submitter joined")
    EXTENSION_GRANTED = "extension_granted", _("More time given")
    MESSAGE_POSTED = "message_posted", _("Message sent")
    FILE_ADDED = "file_added", _("File attached")
    FILE_REMOVED = "file_removed", _("File removed")
    REVIEWERS_SUGGESTED = "reviewers_suggested", _("Reviewers suggested")
    ASSIGNMENT_SUGGESTED = "assignment_suggested", _("Reviewer suggested")
    ASSIGNMENT_INVITED = "assignment_invited", _("Reviewer invited")
    ASSIGNMENT_ACCEPTED = "assignment_accepted", _("Invitation to review accepted")
    ASSIGNMENT_DECLINED = "assignment_declined", _("Invitation to review declined")
    ASSIGNMENT_CONFLICT = "assignment_conflict", _("Conflict of interest declared")
    ASSIGNMENT_SUBMITTED = "assignment_submitted", _("Review sent")
    ASSIGNMENT_EXPIRED = "assignment_expired", _("Invitation to review expired")
    ASSIGNMENT_CANCELLED = "assignment_cancelled", _("Invitation to review cancelled")
    REPLACEMENT_NOT_FOUND = "replacement_not_found", _("No replacement reviewer found")
    TIE_BREAK_SUGGESTED = "tie_break_suggested", _("Tie-break reviewer suggested")
    REVIEW_RULE_OVERRIDDEN = "review_rule_overridden", _("Review rule overridden")
    ROSTER_APPLIED = "roster_applied", _("Roster application")
    ROSTER_DECIDED = "roster_decided", _("Roster application decided")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")
    PUBLICATION_FAILED = "publication_failed", _("Publication failed")
    IMPORTED = "imported", _("Imported")
    REIMPORTED = "reimported", _("Imported again")
    RETAGGED = "retagged", _("Tags updated")
    ACCOUNT_ERASED = "account_erased", _("Account deleted")
    DEMO_CREATED = "demo_created", _("Demonstration content created")
    PROFILE_UPDATED = "profile_updated", _("Profile updated")
    ROLE_GRANTED = "role_granted", _("Role granted")
    CONTACT_RECEIVED = "contact_received", _("Message received")
    MESSAGE_ASSIGNED = "message_assigned", _("Message assigned")
    REPLY_SENT = "reply_sent", _("Answer sent")
    SUPPORT_REQUESTED = "support_requested", _("Support requested")
    SUPPORT_PROPOSED = "support_proposed", _("Experts and partners proposed")
    SUPPORT_RATED = "support_rated", _("Support rated")
    NOTE_ADDED = "note_added", _("Internal note added")
    ACTIVITY_ADDED = "activity_added", _("Activity added")
    INTEREST_EXPRESSED = "interest_expressed", _("Partner offered help")
    QUESTION_POSTED = "question_posted", _("Question posted")
    CONTRIBUTION_POSTED = "contribution_posted", _("Contribution posted")
    CONTRIBUTION_FLAGGED = "contribution_flagged", _("Contribution flagged")
    FLAGS_DISMISSED = "flags_dismissed", _("Flags dismissed")
    SYNTHESIS_PUBLISHED = "synthesis_published", _("Synthesis published")
    CALL_EXPORTED = "call_exported", _("Call exported")


class MailStatus(models.TextChoices):
    """Where an outgoing e-mail stands (core.mail): waiting, being handed to the mail server,
    accepted by it, or given up on."""

    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")
