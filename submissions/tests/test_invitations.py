"""Co-submitter invitations are bound to the invited address and expire (issue 11.4)."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from submissions.models import Invitation
from submissions.services import SubmissionError, invitation_accept, invitation_send
from tests.factories import SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Confidential pilot with the border agency"


def _invite(email="colleague@example.org"):
    submission = SubmissionFactory(data={"title": SECRET_TITLE}, title=SECRET_TITLE)
    invitation = invitation_send(submission=submission, actor=submission.owner, email=email)
    return submission, invitation


def _url(invitation):
    return f"/en/submit/invitations/{invitation.token}/"


def test_the_invited_person_sees_the_draft_and_joins_it(client):
    submission, invitation = _invite()
    colleague = UserFactory(email="Colleague@example.org")
    client.force_login(colleague)
    assert SECRET_TITLE in client.get(_url(invitation)).content.decode()
    response = client.post(_url(invitation))
    assert response.status_code == 302
    assert colleague in submission.co_submitters.all()


def test_someone_else_holding_the_link_learns_nothing_and_cannot_join(client):
    submission, invitation = _invite()
    stranger = UserFactory(email="stranger@example.org")
    client.force_login(stranger)
    page = client.get(_url(invitation))
    assert page.status_code == 404
    body = page.content.decode()
    assert SECRET_TITLE not in body
    assert submission.owner.display_name not in body
    assert "not for this account" in body
    assert client.post(_url(invitation)).status_code == 404
    assert stranger not in submission.co_submitters.all()
    with pytest.raises(SubmissionError):
        invitation_accept(invitation=invitation, user=stranger)


def test_an_unverified_address_is_not_enough(client):
    submission, invitation = _invite()
    colleague = UserFactory(email="colleague@example.org")
    EmailAddress.objects.filter(user=colleague).update(verified=False)
    client.force_login(colleague)
    assert client.post(_url(invitation)).status_code == 404
    assert not submission.co_submitters.exists()


def test_a_verified_second_address_of_the_account_is_accepted():
    submission, invitation = _invite()
    colleague = UserFactory(email="main@example.org")
    EmailAddress.objects.create(user=colleague, email="colleague@example.org", verified=True)
    invitation_accept(invitation=invitation, user=colleague)
    assert colleague in submission.co_submitters.all()


@override_settings(HUB_INVITATION_DAYS=14)
def test_invitations_expire_and_sending_again_gives_a_new_link(client):
    submission, invitation = _invite()
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )
    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)
    old_url = _url(invitation)
    page = client.get(old_url)
    assert page.status_code == 404
    assert SECRET_TITLE not in page.content.decode()
    assert client.post(old_url).status_code == 404
    assert not submission.co_submitters.exists()

    renewed = invitation_send(
        submission=submission, actor=submission.owner, email="colleague@example.org"
    )
    assert renewed.pk == invitation.pk
    assert renewed.token != invitation.token
    assert client.get(old_url).status_code == 404  # the old link stays dead
    assert client.post(_url(renewed)).status_code == 302
    assert colleague in submission.co_submitters.all()


def test_the_email_names_the_address_to_use_and_the_end_date(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _submission, invitation = _invite()
    body = mail.outbox[0].body
    assert "colleague@example.org" in body
    assert f"works until {timezone.localtime(invitation.expires_at).day} " in body


def test_opening_an_accepted_link_again_is_harmless_for_the_person_who_accepted(client):
    _submission, invitation = _invite()
    colleague = UserFactory(email="colleague@example.org")
    invitation_accept(invitation=invitation, user=colleague)
    client.force_login(colleague)
    assert client.post(_url(invitation)).status_code == 302
    client.force_login(UserFactory(email="other@example.org"))
    assert client.get(_url(invitation)).status_code == 404


def test_the_owner_sees_which_invitations_have_expired(client):
    submission, invitation = _invite()
    client.force_login(submission.owner)
    assert "has expired" not in client.get(f"/en/submit/{submission.uuid}/").content.decode()
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    body = client.get(f"/en/submit/{submission.uuid}/").content.decode()
    assert "the invitation has expired: invite again to send a new link" in body
