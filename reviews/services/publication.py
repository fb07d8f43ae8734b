"""Publishing an approved submission into the public repository."""

from typing import Any

from django.db import transaction

from submissions.choices import SubmissionStatus as S
from submissions.models import Submission
from submissions.services import submission_transition

from ..permissions import ReviewAction, policy


@transaction.atomic
def submission_publish(*, submission: Submission, actor: Any) -> Submission:
    """Create (or update) the public item from the approved version, then mark it published."""
    policy.require(actor, ReviewAction.DECIDE, submission, system=True)  # the task publishes
    from repository.services import publish_from_submission

    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == S.PUBLISHED:
        return submission
    version = submission.versions.order_by("-number").first()
    publish_from_submission(
        submission=submission, data=version.data if version else submission.data, actor=actor
    )
    return submission_transition(submission=submission, to=S.PUBLISHED, actor=actor)
