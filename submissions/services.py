"""Writes on submissions: every change is a guarded, audited transaction."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from calls.choices import CallStatus
from calls.models import Call
from core.choices import AuditVerb
from core.files import StorageFullError
from core.services import audit_record
from core.tasks import enqueue_on_commit, task_named
from core.types import Actor, person, signed_in
from core.workflow import transition

from .choices import EDITABLE, FindingDecision, SubmissionStatus
from .errors import SubmissionError, SubmissionTransitionError
from .fields import CONTENT_TYPES
from .forms import bounded_values, validate_content
from .models import (
    Attachment,
    DeadlineExtension,
    DraftChange,
    Invitation,
    Message,
    SafeguardingFlag,
    Submission,
    SubmissionVersion,
)
from .permissions import SubmissionAction, policy
from .selectors import submission_findings
from .uploads import UploadRejected, check_file_count, clean_upload

S = SubmissionStatus

# Where submitting leads from each editable status.
RESUBMIT_TARGET: dict[str, str] = {
    S.DRAFT: S.SUBMITTED,
    S.CLARIFICATION: S.SCREENING,
    S.CHANGES_REQUESTED: S.IN_REVIEW,
}


__all__ = ["SubmissionError", "SubmissionTransitionError"]  # re-exported for views and apps


class IncompleteContentError(SubmissionError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Some required information is missing or invalid."))
        self.errors = errors


class InvitationUnusableError(SubmissionError):
    """The link is not for this account, has expired or was used by someone else."""

    def __init__(self) -> None:
        super().__init__(_("This invitation is not for this account, or it has expired."))


@dataclass
class SaveResult:
    submission: Submission
    conflicts: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (mine, theirs)


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def submission_transition(
    *, submission: Submission, to: str, actor: Actor, note: str = ""
) -> Submission:
    """Move a submission to another status through the workflow engine (Submission.workflow:
    locked, checked against TRANSITIONS, audited). Used by the review workflow for screening,
    review and decisions. Raises SubmissionTransitionError when the table has no such move."""
    policy.require(actor, SubmissionAction.HANDLE, submission, system=True)  # reviews move it
    return transition(submission, to, actor=actor, note=note)


def deadline_for(call: Call | None, user: Any) -> datetime | None:
    """The instant after which ``user`` can no longer submit to ``call`` (None: no deadline)."""
    if call is None:
        return None
    if not getattr(user, "pk", None):
        return call.deadline
    extension = DeadlineExtension.objects.filter(call=call, user_id=user.pk).first()
    if extension and extension.until > call.deadline:
        return extension.until
    return call.deadline


def call_accepts(call: Call | None, user: Any, now: datetime | None = None) -> bool:
    """Whether a submission to this call is accepted from this person now."""
    if call is None:
        return True
    now = now or timezone.now()
    deadline = deadline_for(call, user)
    has_extension = deadline is not None and deadline > call.deadline
    if call.status != CallStatus.OPEN and not (has_extension and call.status == CallStatus.CLOSED):
        return False
    return deadline is not None and now <= deadline


@transaction.atomic
def submission_start(
    *, owner: Any, content_type: str, eligibility: dict[str, Any], call: Call | None = None
) -> Submission:
    """Create a draft after the eligibility check."""
    policy.require(owner, SubmissionAction.START)
    if content_type not in CONTENT_TYPES:
        raise SubmissionError(_("Unknown content type."))
    if call is not None and not call_accepts(call, owner):
        raise SubmissionError(_("This call is not accepting submissions."))
    data: dict[str, Any] = {"licence": "cc-by-4.0"}
    if content_type == "practice":
        data.update(
            {
                "completion": eligibility.get("completion", ""),
                "on_behalf": bool(eligibility.get("on_behalf")),
            }
        )
    submission = Submission(
        owner=owner, content_type=content_type, call=call, eligibility=eligibility, data=data
    )
    submission.full_clean()
    submission.save()
    audit_record(actor=owner, target=submission, verb=AuditVerb.CREATED, to_status=S.DRAFT)
    return submission


def _changed_since(submission: Submission, name: str, revision: int) -> DraftChange | None:
    """The first save after ``revision`` that changed ``name`` (None when nobody did)."""
    return (
        submission.changes.filter(revision__gt=revision, changed__has_key=name)
        .order_by("revision")
        .first()
    )


def _history_misses(submission: Submission, revision: int) -> bool:
    """Whether saves made after ``revision`` were pruned, so changes can no longer be told
    apart from the form's own edits."""
    oldest = submission.changes.order_by("revision").values_list("revision", flat=True).first()
    return oldest is not None and oldest > revision + 1


@transaction.atomic
def draft_save(
    *, submission: Submission, actor: Actor, values: dict[str, Any], base_revision: int
) -> SaveResult:
    """Save fields of a draft. Fields someone else changed since ``base_revision`` are kept
    as they are and returned as conflicts when this save would overwrite them (every changed
    field when the history since that revision has been pruned)."""
    policy.require(actor, SubmissionAction.EDIT, submission)

    submission = _locked(submission)
    values = bounded_values(submission.spec, values)
    if submission.status not in EDITABLE:
        raise SubmissionError(_("This submission can no longer be edited."))
    conflicts: dict[str, tuple[Any, Any]] = {}
    changed: dict[str, Any] = {}
    stale = base_revision < submission.revision
    unknown = stale and _history_misses(submission, base_revision)
    for name, mine in values.items():
        current = submission.data.get(name)
        if mine == current or (mine in ("", [], None, False) and current is None):
            continue
        if unknown:
            conflicts[name] = (mine, current)
            continue
        later = _changed_since(submission, name, base_revision) if stale else None
        if later is not None:
            # Someone changed it after this form was loaded: keep theirs. It is a conflict
            # only when this person changed the field too.
            if mine != later.previous.get(name):
                conflicts[name] = (mine, current)
            continue
        changed[name] = mine
    if changed:
        _record_change(submission, actor, changed)
    return SaveResult(submission=submission, conflicts=conflicts)


# Saves by the same person within this time of their previous one extend that change instead
# of adding one (autosave sends every few seconds while someone types).
COALESCE_WINDOW = timedelta(minutes=10)


def _record_change(submission: Submission, actor: Actor, changed: dict[str, Any]) -> None:
    previous = {name: submission.data.get(name) for name in changed}
    submission.data = {**submission.data, **changed}
    submission.revision += 1
    submission.title = str(submission.data.get("title", ""))[:250]
    submission.save(update_fields=["data", "revision", "title", "updated_at"])
    last = submission.changes.order_by("-revision").first()
    if (
        last
        and last.author_id == signed_in(actor).pk
        and last.created_at > timezone.now() - COALESCE_WINDOW
    ):
        # One row for a run of saves: the newest values, each field's value before the run.
        last.changed = {**last.changed, **changed}
        last.previous = {**previous, **last.previous}
        last.revision = submission.revision
        last.save(update_fields=["changed", "previous", "revision"])
        return
    DraftChange.objects.create(
        submission=submission,
        revision=submission.revision,
        author=signed_in(actor),
        changed=changed,
        previous=previous,
    )
    draft_changes_prune(submission=submission)


@transaction.atomic
def draft_changes_prune(*, submission: Submission, keep: int | None = None) -> int:
    """Keep only the latest ``keep`` saved changes of a draft (``HUB_DRAFT_CHANGES_KEPT``):
    enough to tell co-submitters' edits apart, without growing for ever. Returns how many
    were deleted."""
    keep = max(1, settings.HUB_DRAFT_CHANGES_KEPT if keep is None else keep)
    revisions = submission.changes.order_by("-revision").values_list("revision", flat=True)
    oldest_kept = next(iter(revisions[keep - 1 : keep]), None)
    if oldest_kept is None:
        return 0
    deleted, _by_model = submission.changes.filter(revision__lt=oldest_kept).delete()
    return deleted


def _reference(submission: Submission) -> str:
    return f"HUB-{timezone.now():%Y}-{submission.pk:06d}"


def _flag_findings(submission: Submission, findings: list[Any]) -> None:
    """Record every finding still in the text: confirmed ones for the curators' information,
    the others as unresolved, which flags the submission for the Hub team."""
    SafeguardingFlag.objects.filter(submission=submission).delete()
    unresolved = False
    for finding in findings:
        decision = submission.finding_decisions.get(finding.fingerprint, "")
        confirmed = decision == FindingDecision.CONFIRMED
        SafeguardingFlag.objects.create(
            submission=submission,
            field=finding.field,
            kind=str(finding.kind),
            excerpt=finding.excerpt,
            fingerprint=finding.fingerprint,
            decision=FindingDecision.CONFIRMED if confirmed else "",
        )
        unresolved = unresolved or not confirmed
    submission.safeguarding_flagged = unresolved


@transaction.atomic
def submission_submit(*, submission: Submission, actor: Actor, submit_key: uuid.UUID) -> Submission:
    """Submit (or resubmit) a draft. Idempotent: the same key returns the same submission."""
    policy.require(actor, SubmissionAction.EDIT, submission)

    submission = _locked(submission)
    if submission.submit_key == submit_key:
        return submission
    if submission.status not in EDITABLE:
        raise SubmissionError(_("This submission has already been sent."))
    # One instant for the deadline check and the recorded time: checked at 23:59:59.99, then
    # recorded after the checks below, a submission accepted on time would read as late.
    now = timezone.now()
    if submission.status == S.DRAFT and not call_accepts(submission.call, submission.owner, now):
        raise SubmissionError(_("The deadline of this call has passed."))
    errors = validate_content(submission.spec, submission.data)
    if errors:
        raise IncompleteContentError(errors)
    _flag_findings(submission, submission_findings(submission))
    changes = {
        "submit_key": submit_key,
        "submitted_at": submission.submitted_at or now,
        "reference": submission.reference or _reference(submission),
        "safeguarding_flagged": submission.safeguarding_flagged,
    }
    submission = transition(
        submission, RESUBMIT_TARGET[submission.status], actor=actor, changes=changes
    )
    number = submission.versions.count() + 1
    SubmissionVersion.objects.create(
        submission=submission, number=number, data=submission.data, created_by=signed_in(actor)
    )
    enqueue_on_commit(
        task_named("submissions.tasks.send_submission_receipt"), submission.pk, number
    )
    return submission


def submission_withdraw(*, submission: Submission, actor: Actor, reason: str = "") -> Submission:
    policy.require(actor, SubmissionAction.WITHDRAW, submission)
    return transition(submission, S.WITHDRAWN, actor=actor, note=reason)


@transaction.atomic
def findings_decide(
    *, submission: Submission, actor: Actor, decisions: dict[str, str]
) -> Submission:
    """Remember the submitter's answer to each safeguarding finding (by fingerprint)."""
    policy.require(actor, SubmissionAction.EDIT, submission)
    submission = _locked(submission)
    valid = {key: value for key, value in decisions.items() if value in FindingDecision.values}
    submission.finding_decisions = {**submission.finding_decisions, **valid}
    submission.save(update_fields=["finding_decisions", "updated_at"])
    audit_record(
        actor=actor,
        target=submission,
        verb=AuditVerb.SAFEGUARDING_ANSWERED,
        note=", ".join(sorted(set(valid.values()))),
    )
    return submission


@transaction.atomic
def invitation_send(*, submission: Submission, actor: Actor, email: str) -> Invitation:
    """Invite a colleague to co-edit the draft; the e-mail goes out after commit."""
    policy.require(actor, SubmissionAction.EDIT, submission)

    email = email.strip().lower()
    if email == submission.owner.email.lower():
        raise SubmissionError(_("You cannot invite yourself."))
    invitation, created = Invitation.objects.get_or_create(
        submission=submission, email=email, defaults={"invited_by": signed_in(actor)}
    )
    if not created and invitation.accepted_at:
        raise SubmissionError(_("This person is already a co-submitter."))
    if not created:
        # Sending again starts a new period with a new link; the old link stops working.
        invitation.token = uuid.uuid4()
        invitation.created_at = timezone.now()
        invitation.invited_by = signed_in(actor)
        invitation.save(update_fields=["token", "created_at", "invited_by"])
    audit_record(actor=actor, target=submission, verb=AuditVerb.CO_SUBMITTER_INVITED, note=email)
    enqueue_on_commit(task_named("submissions.tasks.send_invitation"), invitation.pk)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: Any) -> Submission:
    """Make the invited person a co-submitter. Refused when ``user`` has not verified the
    invited address, or when the link has expired."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    submission = invitation.submission
    if not policy.can(user, SubmissionAction.ACCEPT_INVITATION, invitation):
        raise InvitationUnusableError()
    if invitation.accepted_at is None:
        invitation.accepted_by = user
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at"])
        if user.pk != submission.owner_id:
            submission.co_submitters.add(user)
        audit_record(
            actor=user, target=submission, verb=AuditVerb.CO_SUBMITTER_JOINED, note=user.email
        )
    return submission


@transaction.atomic
def extension_grant(*, call: Call, user: Any, until: datetime, actor: Actor) -> DeadlineExtension:
    """Let one person submit to a call until ``until``."""
    policy.require(actor, SubmissionAction.GRANT_EXTENSION)
    if until <= call.deadline:
        raise SubmissionError(_("An extension must end after the call's deadline."))
    extension, _created = DeadlineExtension.objects.update_or_create(
        call=call, user=user, defaults={"until": until, "granted_by": actor}
    )
    audit_record(
        actor=actor,
        target=call,
        verb=AuditVerb.EXTENSION_GRANTED,
        note=f"{user.email} {until.isoformat()}",
    )
    return extension


@transaction.atomic
def message_post(
    *, submission: Submission, author: Any, body: str, from_hub_team: bool = False
) -> Message:
    policy.require(author, SubmissionAction.VIEW, submission)
    body = body.strip()
    if not body:
        raise SubmissionError(_("The message is empty."))
    message = Message.objects.create(
        submission=submission, author=author, body=body, from_hub_team=from_hub_team
    )
    audit_record(actor=author, target=submission, verb=AuditVerb.MESSAGE_POSTED)
    return message


@transaction.atomic
def attachment_add(*, submission: Submission, actor: Actor, upload: Any) -> Attachment:
    """Check, clean and store an uploaded file (type sniffed, metadata removed, scanned)."""
    policy.require(actor, SubmissionAction.EDIT, submission)

    submission = _locked(submission)
    if submission.status not in EDITABLE:
        raise SubmissionError(_("This submission can no longer be edited."))
    try:
        check_file_count(submission.attachments.filter(removed_at__isnull=True).count())
        cleaned = clean_upload(upload)
    except UploadRejected as rejected:
        raise SubmissionError(" ".join(rejected.messages)) from rejected
    attachment = Attachment(
        submission=submission,
        name=cleaned.name,
        mime=cleaned.mime,
        size=cleaned.size,
        sha256=cleaned.sha256,
        uploaded_by=person(actor),
    )
    try:
        attachment.file.save(cleaned.name, ContentFile(cleaned.content), save=False)
    except StorageFullError as full:  # the transaction rolls back: the draft is as it was
        raise SubmissionError(
            _(
                "The Hub has no room to store %(name)s right now. Your draft and its other "
                "files are kept. Try again later; if it happens again, tell the Hub team."
            ),
            name=cleaned.name,
        ) from full
    attachment.save()
    audit_record(actor=actor, target=submission, verb=AuditVerb.FILE_ADDED, note=cleaned.name)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: Actor) -> Attachment:
    """Take a file off the submission; the stored file is kept for the record."""
    policy.require(actor, SubmissionAction.EDIT, attachment.submission)
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])
    audit_record(
        actor=actor, target=attachment.submission, verb=AuditVerb.FILE_REMOVED, note=attachment.name
    )
    return attachment


def erase_personal_data(user: User) -> None:
    """Account deletion (accounts.personal_data): drafts never submitted that the person wrote
    alone are deleted with their files; anything submitted stays with the organisation."""
    drafts = Submission.objects.filter(
        owner=user, status=SubmissionStatus.DRAFT, co_submitters=None
    )
    for draft in drafts:
        _draft_delete(draft)


def _draft_delete(draft: Submission) -> None:
    """Delete a draft never submitted; its files leave the storage once the deletion commits."""
    for attachment in draft.attachments.all():
        transaction.on_commit(partial(attachment.file.storage.delete, attachment.file.name))
    draft.delete()


def drafts_expire(*, now: datetime | None = None) -> tuple[int, int]:
    """Warn the owners of drafts untouched for a long time, then delete the ones still untouched
    ``HUB_DRAFT_WARNING_DAYS`` after the warning. Returns (warned, deleted); safe to rerun."""
    retention, notice = settings.HUB_DRAFT_RETENTION_DAYS, settings.HUB_DRAFT_WARNING_DAYS
    if not retention:
        return 0, 0
    now = now or timezone.now()
    drafts = Submission.objects.filter(status=SubmissionStatus.DRAFT)
    doomed = drafts.filter(
        updated_at__lt=now - timedelta(days=retention),
        expiry_warned_at__gt=F("updated_at"),
        expiry_warned_at__lte=now - timedelta(days=notice),
    )
    deleted = 0
    for draft in doomed:
        with transaction.atomic():
            _draft_delete(draft)
            deleted += 1
    unwarned = Q(expiry_warned_at__isnull=True) | Q(expiry_warned_at__lt=F("updated_at"))
    to_warn = drafts.filter(updated_at__lt=now - timedelta(days=retention - notice)).filter(
        unwarned
    )
    warn = task_named("submissions.tasks.send_draft_expiry_warning")
    warned = 0
    for pk in list(to_warn.values_list("pk", flat=True)):
        with transaction.atomic():  # update() leaves updated_at alone: the warning is no edit
            # conditional: a second run (or worker) finds the warning claimed and skips it
            if Submission.objects.filter(unwarned, pk=pk).update(expiry_warned_at=now):
                delete_on = (now + timedelta(days=notice)).date().isoformat()
                enqueue_on_commit(warn, pk, delete_on)
                warned += 1
    return warned, deleted
