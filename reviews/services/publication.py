"""Publishing an approved submission: the orchestration of the publication seam.

The submission side maps the latest version to the exchange format
(``submissions.publication``); the repository validates it as it validates an imported line and
publishes one record (``repository.services.practice_publish`` / ``resource_publish``). Reviews
sits above both: it checks publishability before an approval is recorded
(``publishable_record``) and publishes when the approval's instant has come
(``submission_publish``).
"""

import logging

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.choices import AuditVerb
from core.services import audit_record
from core.types import Actor
from repository.interchange import PracticeRecord, ResourceRecord, validate_item
from repository.models import Practice, Resource
from repository.services import practice_publish, resource_publish
from submissions.choices import SubmissionStatus as S
from submissions.models import Submission
from submissions.publication import (
    Problem,
    describe_problems,
    publication_data,
    publication_problems,
)
from submissions.services import SubmissionError, submission_transition

from ..permissions import ReviewAction, policy

logger = logging.getLogger(__name__)


class UnpublishableError(SubmissionError):
    """The approved content could not become a public record as it stands."""


def publishable_record(submission: Submission) -> PracticeRecord | ResourceRecord:
    """The record the repository would publish, or an error naming every field that stops it."""
    record, found = validate_item(submission.content_type, publication_data(submission))
    problems: list[Problem] = [*publication_problems(submission), *found]
    if record is None or problems:
        raise UnpublishableError(
            _(
                "This submission cannot be published as it stands: %(problems)s. Ask the "
                "submitters to complete it (request changes) before approving."
            )
            % {"problems": describe_problems(submission.spec, problems)}
        )
    return record


def publication_blocker(submission: Submission) -> str:
    """Why the submission cannot be published as it stands ("" when it can), for the decision
    page to say before the curator writes a message."""
    try:
        publishable_record(submission)
    except UnpublishableError as error:
        return str(error.message)
    return ""


@transaction.atomic
def submission_publish(*, submission: Submission, actor: Actor) -> Submission:
    """Create (or update) the public item from the approved version, then mark it published."""
    policy.require(actor, ReviewAction.DECIDE, submission, system=True)  # the task publishes
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == S.PUBLISHED:
        return submission
    submission_item_publish(submission=submission, actor=actor)
    return submission_transition(submission=submission, to=S.PUBLISHED, actor=actor)


def submission_item_publish(*, submission: Submission, actor: Actor) -> Practice | Resource:
    """Create (or update) the public item of a submission, leaving the submission's status as
    it is (``submission_publish`` moves it; demo content already says "published")."""
    record = publishable_record(submission)
    if isinstance(record, ResourceRecord):
        return resource_publish(record=record, submission=submission, actor=actor)
    return practice_publish(record=record, submission=submission, actor=actor)


def publication_failed_record(*, submission: Submission, error: Exception) -> None:
    """A background publication failed: log it and leave a line in the submission's history,
    which the curator's workspace shows with a button to try again."""
    logger.error("publication of submission %s failed: %s", submission.pk, error)
    note = str(getattr(error, "message", "") or error)[:500]
    audit_record(actor=None, target=submission, verb=AuditVerb.PUBLICATION_FAILED, note=note)
