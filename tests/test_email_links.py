"""E-mail links lead back to the site (issue 10.4)."""

import re

import pytest
from django.core import mail

from core.checks import base_url_configured
from core.links import absolute_url
from submissions.services import invitation_send
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_invitation_links_to_the_configured_address(settings, django_capture_on_commit_callbacks):
    settings.HUB_BASE_URL = "https://hub.example.org/"
    submission = SubmissionFactory(data={})
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_send(
            submission=submission, actor=submission.owner, email="colleague@example.org"
        )
    assert _links(mail.outbox[0].body) == [
        f"https://hub.example.org/en/submit/invitations/{invitation.token}/"
    ]


@pytest.mark.django_db(transaction=True)
def test_without_a_configured_address_links_follow_the_request_host(client, settings, vocabulary):
    settings.HUB_BASE_URL = ""
    submission = SubmissionFactory(data={})
    client.force_login(submission.owner)
    response = client.post(
        f"/en/submit/{submission.uuid}/invite/",
        {"email": "colleague@example.org"},
        HTTP_HOST="127.0.0.1:8437",
    )
    assert response.status_code == 302
    [link] = _links(mail.outbox[0].body)
    assert link.startswith("http://127.0.0.1:8437/en/submit/invitations/")


def test_outside_a_request_the_configured_address_wins_over_the_fallback(settings, rf):
    settings.HUB_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["*"]
    assert absolute_url("/en/") == "http://127.0.0.1:8000/en/"
    request = rf.get("/", HTTP_HOST="hub.test:8437")
    assert absolute_url("/en/", request) == "http://hub.test:8437/en/"
    settings.HUB_BASE_URL = "https://hub.example.org"
    assert absolute_url("/en/", request) == "https://hub.example.org/en/"


def test_allauth_emails_greet_with_the_hubs_name(client, settings):
    settings.HUB_NAME = "Migration Network Hub"
    settings.HUB_BASE_URL = ""
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "new@example.org",
            "name": "Awa Ndiaye",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
            "accept_terms": "on",
        },
        HTTP_HOST="127.0.0.1:8437",
    )
    assert response.status_code == 302
    body = mail.outbox[0].body
    assert "Hello from Migration Network Hub!" in body
    assert "127.0.0.1:8437!" not in body
    assert "http://127.0.0.1:8437/en/accounts/confirm-email/" in body


def test_worker_emails_in_production_use_the_public_host(settings):
    settings.HUB_BASE_URL = ""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [".example.org", "hub.example.org"]
    assert absolute_url("/en/") == "https://hub.example.org/en/"


def test_deploy_check_warns_when_no_address_is_known(settings):
    settings.HUB_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["*"]
    assert [m.id for m in base_url_configured()] == ["core.W001"]
    settings.ALLOWED_HOSTS = ["hub.example.org"]
    assert base_url_configured() == []
