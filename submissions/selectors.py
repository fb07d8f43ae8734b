"""Reads of submissions."""

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from core.choices import AuditVerb
from core.hooks import Hook
from core.models import AuditEvent
from core.selectors import audit_history

from .choices import TIMELINE, SubmissionStatus
from .models import Attachment, Message, Submission
from .safeguarding import ExtractionError, scan_fields, scan_file


def my_submissions(*, user: Any) -> QuerySet[Submission]:
    """The person's own and co-edited submissions, newest activity first."""
    mine = Submission.objects.filter(Q(owner=user) | Q(co_submitters=user)).values("pk")
    return Submission.objects.filter(pk__in=mine).select_related("call").order_by("-updated_at")


def active_attachments(submission: Submission) -> QuerySet[Attachment]:
    return submission.attachments.filter(removed_at__isnull=True)


def submission_messages(submission: Submission) -> QuerySet[Message]:
    return submission.messages.select_related("author")


def status_timeline(submission: Submission) -> list[dict[str, Any]]:
    """The steps of the journey with when each was reached (for the submitter's timeline)."""
    reached: dict[str, AuditEvent] = {}
    verbs = [AuditVerb.CREATED, AuditVerb.STATUS_CHANGED]
    for event in audit_history(submission).filter(verb__in=verbs):
        status = SubmissionStatus.DRAFT if event.verb == AuditVerb.CREATED else event.to_status
        reached.setdefault(status, event)
    steps = []
    for status in TIMELINE:
        steps.append(
            {
                "status": status,
                "label": SubmissionStatus(status).label,
                "event": reached.get(status),
                "is_current": status == submission.status,
            }
        )
    current = submission.status
    if current not in TIMELINE:
        steps.append(
            {
                "status": current,
                "label": SubmissionStatus(current).label,
                "event": reached.get(current),
                "is_current": True,
            }
        )
    return steps


def submission_findings(submission: Submission) -> list[Any]:
    """Possible personal data in the draft's text and its files."""
    findings = list(scan_fields(submission.data))
    for attachment in active_attachments(submission):
        with attachment.file.open("rb") as handle:
            content = handle.read()
        try:
            findings.extend(scan_file(attachment.name, content, attachment.mime))
        except ExtractionError:
            continue  # an unreadable file was already accepted by the upload checks
    return findings


def with_attachments(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    return queryset.prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.filter(removed_at__isnull=True))
    )


def _no_duplicates(text: str, *, content_type: str, limit: int) -> list[Any]:
    return []


#: Published items very close in meaning to ``text`` (the repository, above submissions in the
#: layers, provides this at ready(); without it the form warns about nothing).
published_near: Hook[Callable[..., list[Any]]] = Hook("submissions.published_near", _no_duplicates)


def similar_published(submission: Submission, *, limit: int = 3) -> list[Any]:
    """Published items very close in meaning to this draft's title and summary (possible
    duplicates), to warn the submitter. Empty when the draft has no text yet."""
    data = submission.data
    text = " ".join(str(data.get(key, "")) for key in ("title", "summary", "abstract")).strip()
    if len(text) < 20:
        return []
    return published_near.call(text, content_type=submission.content_type, limit=limit)
