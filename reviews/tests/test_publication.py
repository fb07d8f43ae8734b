"""The publication seam: approval checks that the content can be published, the repository
publishes one record linked one-to-one to its submission, and a failed background publication
is shown to the curator with a way to try again (issue 12.2, issue 10)."""

import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from repository.models import Practice, Resource
from reviews.models import Decision
from reviews.services import publication
from reviews.services.workflow import decision_record, screening_send_to_review
from submissions.choices import SubmissionStatus as S
from submissions.services import submission_submit
from tests.factories import (
    COMPLETE_PRACTICE,
    PracticeFactory,
    SubmissionFactory,
    UserFactory,
    give_totp,
)

pytestmark = pytest.mark.django_db

RESOURCE = {
    "title": "Return and reintegration: a review of the evidence",
    "resource_type": "report",
    "language": "en",
    "publisher": "ACME Research Institute",
    "authors": "Jane Example\nJohn Sample",
    "year": 2024,
    "abstract": "What helps people who return to rebuild their lives, from forty studies.",
    "objectives": ["21"],
    "scope": "global",
    "focal_point_name": "Jane Example",
    "focal_point_email": "jane@example.org",
    "licence": "cc-by-4.0",
    "consent_data_protection": True,
    "consent_no_victim_data": True,
    "consent_rights": True,
}


@pytest.fixture
def curator():
    return give_totp(UserFactory(roles=["member", "curator"], is_staff=True))


def _in_review(curator, **data_changes):
    data = {**COMPLETE_PRACTICE, **data_changes}
    data = {k: v for k, v in data.items() if v is not None}
    submission = SubmissionFactory(data=data)
    submission = submission_submit(
        submission=submission, actor=submission.owner, submit_key=uuid.uuid4()
    )
    return screening_send_to_review(submission=submission, actor=curator)


def _approve(submission, curator, **extra):
    return decision_record(
        submission=submission,
        actor=curator,
        outcome="approve",
        message="Approved, thank you.",
        override_review_rule=True,
        override_reason="Tested alone.",
        **extra,
    )


def test_completed_practice_without_end_year_cannot_be_approved(curator):
    submission = _in_review(curator, end_year=None)
    events_before = AuditEvent.objects.count()
    with pytest.raises(publication.UnpublishableError) as refused:
        _approve(submission, curator)
    assert "End year: a completed practice needs its end year" in refused.value.message
    submission.refresh_from_db()
    assert submission.status == S.IN_REVIEW
    assert not Decision.objects.filter(submission=submission).exists()
    assert AuditEvent.objects.count() == events_before
    assert not submission.messages.exists()


def test_the_decide_page_says_what_is_missing_and_decides_nothing(client, curator):
    submission = _in_review(curator, end_year=None)
    client.force_login(curator)
    page = client.post(
        reverse("reviews:decide", kwargs={"uuid": submission.uuid}),
        {
            "outcome": "approve",
            "message": "Approved.",
            "override_review_rule": "on",
            "override_reason": "Tested alone.",
        },
        follow=True,
    )
    assert "a completed practice needs its end year" in page.content.decode()
    submission.refresh_from_db()
    assert submission.status == S.IN_REVIEW
    assert not Decision.objects.filter(submission=submission).exists()


def test_the_decide_page_warns_before_the_curator_writes_a_message(client, curator):
    submission = _in_review(curator, end_year=None)
    client.force_login(curator)
    page = client.get(reverse("reviews:decide", kwargs={"uuid": submission.uuid}))
    text = page.content.decode()
    assert "Approval is not possible yet." in text
    assert "End year: a completed practice needs its end year" in text
    assert page.context["form"].initial["outcome"] == "changes"


def test_a_mostly_completed_practice_without_end_year_is_published_as_ongoing(
    curator, django_capture_on_commit_callbacks
):
    submission = _in_review(curator, completion="mostly-completed", end_year=None)
    with django_capture_on_commit_callbacks(execute=True):
        _approve(submission, curator)
    submission.refresh_from_db()
    assert submission.status == S.PUBLISHED
    assert submission.published_practice.end_year is None


def test_published_practice_links_one_to_one_and_is_audited_as_published(
    curator, django_capture_on_commit_callbacks
):
    submission = _in_review(curator)
    with django_capture_on_commit_callbacks(execute=True):
        _approve(submission, curator)
    submission.refresh_from_db()
    practice = submission.published_practice
    assert practice.source_submission == submission
    assert practice.status == "published"
    assert [o.number for o in practice.primary_objectives] == [10, 7]
    assert practice.implementer_type.slug == "government"
    assert practice.end_year == 2023
    verbs = set(
        AuditEvent.objects.filter(target_id=str(practice.pk)).values_list("verb", flat=True)
    )
    assert "published" in verbs
    assert not verbs & {"imported", "reimported"}
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeFactory(source_submission=submission)


def test_a_second_publication_updates_the_same_practice(curator):
    submission = _in_review(curator)
    first = publication.submission_item_publish(submission=submission, actor=curator)
    again = publication.submission_item_publish(submission=submission, actor=curator)
    assert again.pk == first.pk
    assert Practice.objects.filter(source_submission=submission).count() == 1


def test_a_taken_slug_gets_a_suffix(curator):
    PracticeFactory(slug="community-shelters-for-child-survivors-of-trafficking")
    submission = _in_review(curator)
    practice = publication.submission_item_publish(submission=submission, actor=curator)
    assert practice.slug == "community-shelters-for-child-survivors-of-trafficking-2"


def test_an_approved_resource_is_published(curator, django_capture_on_commit_callbacks):
    submission = SubmissionFactory(content_type="resource", data=dict(RESOURCE))
    submission = submission_submit(
        submission=submission, actor=submission.owner, submit_key=uuid.uuid4()
    )
    submission = screening_send_to_review(submission=submission, actor=curator)
    with django_capture_on_commit_callbacks(execute=True):
        _approve(submission, curator)
    resource = Resource.objects.get(source_submission=submission)
    assert resource.authors == "Jane Example\nJohn Sample"
    assert resource.publisher == "ACME Research Institute"


def test_a_failed_publication_is_shown_and_can_be_retried(
    client, curator, monkeypatch, django_capture_on_commit_callbacks
):
    submission = _in_review(curator)

    def broken(**kwargs):
        raise RuntimeError("the search index is unavailable")

    monkeypatch.setattr(publication, "practice_publish", broken)
    with django_capture_on_commit_callbacks(execute=True):
        _approve(submission, curator)
    submission.refresh_from_db()
    assert submission.status == S.APPROVED
    assert AuditEvent.objects.filter(
        target_id=str(submission.pk), verb="publication_failed"
    ).exists()

    client.force_login(curator)
    workspace = reverse("reviews:workspace", kwargs={"uuid": submission.uuid})
    page = client.get(workspace).content.decode()
    assert "Publication in the repository failed" in page
    assert "Try publishing again" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:publish", kwargs={"uuid": submission.uuid}))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == S.PUBLISHED
    assert Practice.objects.filter(source_submission=submission).exists()
    assert "Try publishing again" not in client.get(workspace).content.decode()


def test_publish_now_waits_for_the_approval_instant(client, curator):

    submission = _in_review(curator)
    _approve(submission, curator, publish_at=timezone.now() + timedelta(days=3))
    client.force_login(curator)
    client.post(reverse("reviews:publish", kwargs={"uuid": submission.uuid}))
    submission.refresh_from_db()
    assert submission.status == S.APPROVED


def test_only_curators_may_publish(client, curator):
    submission = _in_review(curator)
    client.force_login(UserFactory(roles=["member"]))
    response = client.post(reverse("reviews:publish", kwargs={"uuid": submission.uuid}))
    assert response.status_code == 404
