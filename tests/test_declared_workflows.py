"""The workflows the apps declare on their models: the app's own refusal error (a domain error
with a translated message), hooks named by dotted path, and the repository's publication hooks."""

import pytest
from django.utils import translation

from core.choices import AuditVerb
from core.errors import DomainError, TransitionError
from core.models import AuditEvent
from core.workflow import Workflow, transition
from repository.choices import PublicationStatus
from repository.errors import PublicationError
from repository.models import Practice
from repository.services import practice_republish, practice_unpublish
from reviews.choices import ApplicationStatus
from reviews.errors import RosterDecisionError
from reviews.models import RosterApplication
from submissions.choices import SubmissionStatus as S
from submissions.errors import SubmissionError
from submissions.services import submission_withdraw
from tests.factories import PracticeFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

SEEN: list[str] = []


def remember(obj, previous, actor, note):
    """A hook named by its path in a test workflow."""
    SEEN.append(f"{previous}>{obj.status}")


def test_a_refused_submission_move_is_a_submission_error_in_the_users_language():
    submission = SubmissionFactory(status=S.PUBLISHED)
    with pytest.raises(SubmissionError) as caught:
        submission_withdraw(submission=submission, actor=submission.owner)
    assert isinstance(caught.value, TransitionError)
    with translation.override("fr"):
        french, published = caught.value.message, str(S.PUBLISHED.label)
    with translation.override("en"):
        english = caught.value.message
    assert published in french
    assert french != english
    assert "“Published” to “Withdrawn”" in english
    assert SubmissionFactory._meta.model.objects.get(pk=submission.pk).status == S.PUBLISHED


def test_hooks_may_be_named_by_their_dotted_path(django_capture_on_commit_callbacks):
    SEEN.clear()
    practice = PracticeFactory()
    original = Practice.workflow
    Practice.workflow = Workflow(
        states=PublicationStatus,
        transitions={PublicationStatus.PUBLISHED: {PublicationStatus.UNPUBLISHED}},
        after_commit={"*": ("tests.test_declared_workflows.remember",)},
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            transition(practice, PublicationStatus.UNPUBLISHED, actor=None)
            assert SEEN == []
    finally:
        Practice.workflow = original
    assert SEEN == ["published>unpublished"]


def test_first_publication_dates_the_item_and_later_ones_keep_the_date(
    django_capture_on_commit_callbacks,
):
    practice = PracticeFactory(status=PublicationStatus.UNPUBLISHED, published_at=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        practice_republish(practice=practice, note="ready")
    assert len(callbacks) == 1  # the search index is refreshed once the move is committed
    first = Practice.objects.get(pk=practice.pk).published_at
    assert first is not None
    practice_unpublish(practice=practice)
    practice_republish(practice=practice)
    assert Practice.objects.get(pk=practice.pk).published_at == first
    moves = AuditEvent.objects.filter(target_id=str(practice.pk)).exclude(verb=AuditVerb.RETAGGED)
    verbs = moves.values_list("verb", flat=True)
    assert list(verbs.order_by("pk")) == [
        AuditVerb.PUBLISHED,
        AuditVerb.UNPUBLISHED,
        AuditVerb.PUBLISHED,
    ]


def test_publishing_a_published_item_is_refused_with_a_readable_message():
    practice = PracticeFactory()
    with translation.override("en"), pytest.raises(PublicationError) as caught:
        practice_republish(practice=practice)
    assert isinstance(caught.value, DomainError)
    assert caught.value.message == "This item is already “Published”."


def test_a_decided_roster_application_cannot_be_decided_again():
    application = RosterApplication.objects.create(
        user=UserFactory(), organisation="Org", status=ApplicationStatus.DECLINED
    )
    with translation.override("en"), pytest.raises(RosterDecisionError) as caught:
        transition(application, ApplicationStatus.APPROVED, actor=None)
    assert caught.value.message == "This application has already been decided."
