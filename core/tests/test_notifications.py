import pytest
from django.core import mail
from django.utils import timezone

from core.models import Notification
from core.services import digests_send, notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_people_without_digest_get_each_email_at_once():
    user = UserFactory(email_digest=False)
    notify(user=user, subject="Invitation", body="Please review.")
    assert [m.subject for m in mail.outbox] == ["Invitation"]
    assert not Notification.objects.exists()


def test_digest_gathers_a_days_messages_into_one_email_in_the_users_language():
    user = UserFactory(email_digest=True, language="fr")
    notify(user=user, subject="Invitation", body="Please review.")
    notify(user=user, subject="Reminder", body="Due soon.")
    assert mail.outbox == []
    assert digests_send(now=timezone.now()) == 1
    assert len(mail.outbox) == 1
    assert "2" in mail.outbox[0].subject
    assert "Invitation" in mail.outbox[0].body
    assert "Reminder" in mail.outbox[0].body
    assert digests_send(now=timezone.now()) == 0
