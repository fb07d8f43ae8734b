"""Forgotten drafts: the owner is warned, then the draft is deleted unless they touch it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from submissions.choices import SubmissionStatus
from submissions.models import Submission
from submissions.services import drafts_expire
from tests.factories import SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def untouched_for(days: int, **kwargs) -> Submission:
    draft = SubmissionFactory(**kwargs)
    Submission.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=days))
    return draft


@pytest.fixture
def retention(settings):
    settings.HUB_DRAFT_RETENTION_DAYS = 365
    settings.HUB_DRAFT_WARNING_DAYS = 30


def test_an_old_draft_is_announced_once_then_deleted(retention, django_capture_on_commit_callbacks):
    owner = UserFactory(email="owner@example.org", language="fr")
    draft = untouched_for(340, owner=owner, title="Guichet unique")
    untouched_for(100)  # recent enough: left alone
    untouched_for(400, status=SubmissionStatus.SUBMITTED)  # submitted work is never expired

    with django_capture_on_commit_callbacks(execute=True):
        assert drafts_expire() == (1, 0)
        assert drafts_expire() == (0, 0)  # a second run does not warn twice

    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
    assert "Guichet unique" in mail.outbox[0].subject
    assert "supprimé" in mail.outbox[0].body  # in the owner's language

    later = timezone.now() + timedelta(days=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert drafts_expire(now=later) == (0, 1)
    assert not Submission.objects.filter(pk=draft.pk).exists()
    assert Submission.objects.count() == 2


def test_a_draft_opened_and_saved_after_the_warning_is_kept(retention):
    draft = untouched_for(340)
    drafts_expire()
    draft.refresh_from_db()
    draft.title = "Still working on it"
    draft.save()  # the owner came back

    assert drafts_expire(now=timezone.now() + timedelta(days=31)) == (0, 0)
    assert Submission.objects.filter(pk=draft.pk).exists()


def test_retention_zero_keeps_every_draft(settings):
    settings.HUB_DRAFT_RETENTION_DAYS = 0
    untouched_for(5000)
    assert drafts_expire() == (0, 0)
