"""Reads of submissions."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from core.choices import AuditVerb
from core.models import AuditEvent
from core.selectors import audit_history

from .choices import TIMELINE, SubmissionStatus
from .models import Attachment, Message, Submission


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
    from .safeguarding import ExtractionError, scan_fields, scan_file

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


def similar_published(submission: Submission, *, limit: int = 3) -> list[Any]:
    """Published items very close in meaning to this draft's title and summary (possible
    duplicates), to warn the submitter. Empty when the draft has no text yet."""
    from repository.models import Practice, Resource
    from search.selectors import possible_duplicates

    model = Resource if submission.content_type == "resource" else Practice
    data = submission.data
    text = " ".join(str(data.get(key, "")) for key in ("title", "summary", "abstract")).strip()
    if len(text) < 20:
        return []
    ids = possible_duplicates(text, model=model, limit=limit)
    found = {item.pk: item for item in model.objects.published().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]
