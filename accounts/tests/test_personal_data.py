"""A person downloads what the Hub holds about them and deletes their account."""

import json

import pytest

from accounts.models import User
from contact.models import ContactMessage
from core.models import AuditEvent, Notification
from experts.models import ExpertProfile
from submissions.choices import SubmissionStatus
from submissions.models import Submission
from tests.factories import SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_persons_records_and_no_secrets(client):
    user = UserFactory(name="Amina Diallo")
    draft = SubmissionFactory(owner=user)
    Notification.objects.create(user=user, subject="A review is due", body="…")
    SubmissionFactory()  # somebody else's: not exported
    client.force_login(user)

    response = client.get("/en/account/profile/data/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="hub-personal-data-')
    data = json.loads(response.content)
    assert data["format"] == "hub-personal-data/1"
    assert data["account"]["name"] == "Amina Diallo"
    assert "password" not in data["account"]
    kinds = {record["kind"]: record for record in data["records"]}
    assert [item["id"] for item in kinds["submissions.submission"]["items"]] == [draft.pk]
    assert kinds["core.notification"]["items"][0]["subject"] == "A review is due"


def test_deleting_an_account_needs_the_password_and_keeps_what_was_submitted(client):
    user = UserFactory(name="Amina Diallo", email="amina@example.org")
    draft = SubmissionFactory(owner=user)
    submitted = SubmissionFactory(owner=user, status=SubmissionStatus.SUBMITTED)
    profile = ExpertProfile.objects.create(user=user, name="Amina Diallo", slug="amina-diallo")
    ContactMessage.objects.create(
        category="other",
        name="Amina",
        email="amina@example.org",
        subject="Hello",
        body="Hi",
        language="en",
        sender=user,
    )
    client.force_login(user)

    wrong = client.post("/en/account/profile/delete/", {"password": "guess"})
    assert "That is not your password." in wrong.content.decode()
    assert User.objects.get(pk=user.pk).is_active

    response = client.post("/en/account/profile/delete/", {"password": "correct-horse-battery"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.is_active, user.name, user.has_usable_password()) == (False, "", False)
    assert user.email == f"deleted-{user.pk}@deleted.invalid"
    assert not Submission.objects.filter(pk=draft.pk).exists()
    assert Submission.objects.get(pk=submitted.pk).owner == user  # kept, without the name
    assert not ExpertProfile.objects.filter(pk=profile.pk).exists()
    assert ContactMessage.objects.get(sender=user).email == ""
    assert AuditEvent.objects.filter(verb="account_erased", target_id=str(user.pk)).exists()
    assert client.get("/en/account/profile/").status_code == 302  # signed out
    assert not client.login(email="amina@example.org", password="correct-horse-battery")
