"""Audit events in plain words: one translated sentence per event, for the staff's history lists.

Every verb the services record is mapped here, in one place. A status change of a submission
gets a sentence of its own ("Submitted by Ana Pérez"); other status changes name both statuses by
their translated labels; an unknown verb still reads as a sentence. Notes that begin with a
person's e-mail address (invitations, reviewers' answers) name that person instead.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import AuditVerb
from .models import AuditEvent

# Sentences of a submission's status changes, by "from>to" (most specific) or by "to".
SUBMISSION_STATUS: dict[str, Promise] = {
    "submitted": _("Submitted by %(actor)s"),
    "screening": _("Screening started by %(actor)s"),
    "clarification>screening": _("Clarification sent by %(actor)s; back to screening"),
    "clarification": _("%(actor)s asked the submitter for clarification"),
    "in_review": _("Sent to review by %(actor)s"),
    "changes_requested>in_review": _("New version sent by %(actor)s; back in review"),
    "awaiting_decision>in_review": _("Back in review: %(actor)s invited another reviewer"),
    "awaiting_decision": _("All required reviews are in; waiting for the Hub team's decision"),
    "changes_requested": _("%(actor)s requested changes"),
    "approved": _("Approved by %(actor)s"),
    "published": _("Published in the repository"),
    "declined": _("Declined by %(actor)s"),
    "withdrawn": _("Withdrawn by %(actor)s"),
}

# Sentences by verb, or by "verb>from_status" when the previous status changes the meaning.
VERBS: dict[str, Promise] = {
    "created": _("Draft started by %(actor)s"),
    "status_changed": _("%(actor)s changed the status from “%(from)s” to “%(to)s”"),
    "safeguarding_answered": _("%(actor)s answered the personal-data check"),
    "co_submitter_invited": _("%(actor)s invited %(person)s to edit the submission"),
    "co_submitter_joined": _("%(person)s joined as a co-submitter"),
    "extension_granted": _("%(actor)s gave %(person)s more time to submit"),
    "message_posted": _("%(actor)s sent a message"),
    "file_added": _("%(actor)s attached a file"),
    "file_removed": _("%(actor)s removed a file"),
    "reviewers_suggested": _("%(actor)s asked for reviewer suggestions"),
    "assignment_suggested": _("%(person)s was suggested as a reviewer"),
    "assignment_invited": _("%(actor)s invited %(person)s to review"),
    "assignment_accepted": _("%(person)s accepted to review"),
    "assignment_accepted>submitted": _("%(actor)s asked %(person)s to review the new version"),
    "assignment_declined": _("%(person)s declined to review"),
    "assignment_conflict": _("%(person)s declared a conflict of interest"),
    "assignment_submitted": _("%(person)s sent a review"),
    "assignment_expired": _("%(person)s did not answer the invitation in time"),
    "assignment_cancelled": _("The invitation of %(person)s was cancelled"),
    "assignment_cancelled>suggested": _("%(person)s is no longer suggested as a reviewer"),
    "replacement_not_found": _("No other eligible reviewer was found to replace %(person)s"),
    "tie_break_suggested": _("The reviews disagree: %(person)s is suggested as one more reviewer"),
    "review_rule_overridden": _("Approved without the full review rule by %(actor)s"),
    "roster_applied": _("%(actor)s applied to join the reviewer roster"),
    "roster_decided": _("%(actor)s decided on the roster application: “%(to)s”"),
    "published": _("Published by %(actor)s"),
    "unpublished": _("Unpublished by %(actor)s"),
    "publication_failed": _("Publication in the repository failed"),
    "updated": _("Edited by %(actor)s"),
    "imported": _("Imported into the repository"),
    "reimported": _("Imported again into the repository"),
    "retagged": _("Tags updated by %(actor)s"),
    "account_erased": _("Account deleted at the person's request"),
    "demo_created": _("Created with demonstration content"),
    "profile_updated": _("%(actor)s updated the profile"),
    "role_granted": _("%(actor)s granted a role"),
    "contact_received": _("Message received through the contact form"),
    "message_assigned": _("%(actor)s gave the message to %(person)s"),
    "reply_sent": _("%(actor)s answered by e-mail"),
    "support_requested": _("Support requested by %(actor)s"),
    "support_proposed": _("%(actor)s proposed experts and partners"),
    "support_rated": _("%(actor)s rated the support"),
    "note_added": _("%(actor)s added an internal note"),
    "activity_added": _("%(actor)s added an activity"),
    "interest_expressed": _("%(actor)s offered to help as a partner"),
    "question_posted": _("%(actor)s posted a question"),
    "contribution_posted": _("%(actor)s posted a contribution"),
    "contribution_flagged": _("%(actor)s flagged the contribution"),
    "flags_dismissed": _("%(actor)s kept the contribution despite the flags"),
    "synthesis_published": _("%(actor)s published the synthesis"),
    "call_exported": _("%(actor)s exported the whole call"),
}

# Verbs whose note is a person's e-mail address, possibly followed by a reason or a date.
PERSON_VERBS = frozenset(
    {
        "co_submitter_invited",
        "co_submitter_joined",
        "extension_granted",
        "replacement_not_found",
        "tie_break_suggested",
        "message_assigned",
    }
)
# Verbs whose note is not for people to read (codes, field names, counts).
SILENT_NOTES = frozenset(
    {
        "safeguarding_answered",
        "reviewers_suggested",
        "extension_granted",
        "updated",
        "role_granted",
        "imported",
        "reimported",
        "note_added",
    }
)
FALLBACK = _("%(actor)s: %(action)s")
SYSTEM = pgettext_lazy("audit actor", "the Hub (automatically)")


@dataclass(frozen=True)
class Described:
    """An event as people read it: the sentence, and a note worth showing (a reason, a file)."""

    event: AuditEvent
    sentence: str
    detail: str


def _status_label(event: AuditEvent, value: str) -> str:
    """A status value by its translated label, from the target model's own choices."""
    if not value:
        return "—"
    model = event.target_type.model_class()
    try:
        field = model._meta.get_field("status") if model else None
    except Exception:  # a target without a status field
        field = None
    labels = dict(getattr(field, "flatchoices", None) or [])
    return str(labels.get(value, value.replace("_", " ")))


def _split_person(event: AuditEvent) -> tuple[str, str]:
    """(e-mail, rest) when the note starts with an e-mail address, else ("", note)."""
    first, _space, rest = event.note.partition(" ")
    if "@" in first and (event.verb.startswith("assignment_") or event.verb in PERSON_VERBS):
        return first, rest.strip()
    return "", event.note


def _template(event: AuditEvent) -> Promise:
    if event.verb == AuditVerb.STATUS_CHANGED and event.target_type.model == "submission":
        for key in (f"{event.from_status}>{event.to_status}", event.to_status):
            if key in SUBMISSION_STATUS:
                return SUBMISSION_STATUS[key]
    return VERBS.get(f"{event.verb}>{event.from_status}") or VERBS.get(event.verb) or FALLBACK


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe(event: AuditEvent, people: dict[str, str] | None = None) -> Described:
    """One event in plain words; ``people`` maps e-mail addresses to display names."""
    email, rest = _split_person(event)
    actor = event.actor
    values = {
        "actor": getattr(actor, "display_name", None) or str(actor or SYSTEM),
        "person": (people or {}).get(email.casefold(), email) if email else str(SYSTEM),
        "from": _status_label(event, event.from_status),
        "to": _status_label(event, event.to_status),
        "action": event.verb.replace("_", " "),
    }
    sentence = _capitalised(str(_template(event)) % values)
    if event.verb == AuditVerb.ASSIGNMENT_ACCEPTED and event.from_status == "submitted":
        rest = ""  # "version 2": already said by the sentence
    detail = "" if event.verb in SILENT_NOTES else rest
    return Described(event=event, sentence=sentence, detail=detail)


def describe_all(events: Iterable[AuditEvent]) -> list[Described]:
    """Events in plain words, with the people their notes name looked up in one query."""
    events = list(events)
    emails = {_split_person(e)[0] for e in events} - {""}
    people: dict[str, str] = {}
    if emails:
        for user in get_user_model().objects.filter(email__in=emails):
            people[user.email.casefold()] = getattr(user, "display_name", "") or user.email
    return [describe(event, people) for event in events]


def sentence(event: AuditEvent) -> str:
    """Just the sentence of one event (for a single line; lists should use describe_all)."""
    return describe_all([event])[0].sentence
