"""Where an approved submission stands on its way to the repository, for the curator."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from core.choices import AuditVerb
from core.models import AuditEvent
from core.selectors import audit_history
from submissions.choices import SubmissionStatus as S
from submissions.models import Submission


@dataclass(frozen=True)
class PublicationState:
    """An approved submission not yet published: when it is due, and the last failure since
    the approval (None when no attempt failed)."""

    publish_at: datetime | None
    failure: AuditEvent | None

    @property
    def due(self) -> bool:
        return self.publish_at is None or self.publish_at <= timezone.now()

    @property
    def failed(self) -> bool:
        return self.failure is not None


def publication_state(submission: Submission) -> PublicationState | None:
    """None unless the submission is approved and waits for publication."""
    if submission.status != S.APPROVED:
        return None
    decision = submission.decisions.order_by("-created_at").first()
    failures = audit_history(submission).filter(verb=AuditVerb.PUBLICATION_FAILED)
    if decision is not None:
        failures = failures.filter(created_at__gte=decision.created_at)
    return PublicationState(
        publish_at=decision.publish_at if decision else None,
        failure=failures.order_by("-created_at", "-id").first(),
    )
