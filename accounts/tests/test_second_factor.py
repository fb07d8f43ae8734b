"""Every way in goes through the Hub's sign-in, with the second factor for curators and
administrators, and one lockout (issue 11.1)."""

import base64
import re

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client

from tests.factories import UserFactory, give_totp, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
SCREENING = "/en/peer-review/screening/"


@pytest.fixture
def curator():
    return give_totp(UserFactory(roles=["member", "curator"], is_staff=True))


@pytest.fixture
def administrator():
    return give_totp(UserFactory(roles=["administrator"], is_staff=True, is_superuser=True))


def test_a_member_cannot_become_a_curator_through_the_admin_login(client, curator):
    member = UserFactory(roles=["member"])
    client.force_login(member)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": curator.email, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert client.get(SCREENING).status_code in (403, 404)
    assert int(client.session["_auth_user_id"]) == member.pk


def test_the_admin_login_form_signs_nobody_in(administrator):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/accounts/user/",
        {"username": administrator.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/admin/accounts/user/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/accounts/user/").status_code == 302
    assert client.get("/admin/mfa/authenticator/").status_code == 302


def test_the_admin_login_page_sends_people_to_the_hubs_sign_in(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/admin/"


def test_a_signed_in_curator_goes_on_to_the_admin(client, curator):
    client.force_login(curator)
    response = client.get("/admin/login/?next=/admin/taxonomy/")
    assert (response.status_code, response["Location"]) == (302, "/admin/taxonomy/")
    assert client.get("/admin/login/?next=/admin/login/")["Location"] == "/admin/"


def test_the_hubs_sign_in_asks_curators_for_their_code(client, curator):
    response = client.post("/en/accounts/login/", {"login": curator.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert client.get(SCREENING).status_code == 302  # not signed in before the code
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert client.get(SCREENING).status_code == 200


def test_a_session_opened_without_the_second_factor_is_closed(client, curator):
    """A session opened any other way (Django's own login, as the admin form did) does not
    count: the curator is signed out and sent to the sign-in page."""
    client._login(curator, "django.contrib.auth.backends.ModelBackend")  # no "mfa" step
    response = client.get(SCREENING)
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={SCREENING}"
    assert "_auth_user_id" not in client.session
    assert client.get("/en/accounts/login/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_setting_up_totp_counts_as_using_it(client, vocabulary):
    """allauth announces the new device once the transaction commits, inside the request."""
    curator = UserFactory(roles=["member", "curator"], is_staff=True)
    client.post("/en/accounts/login/", {"login": curator.email, "password": PASSWORD})
    assert client.get(SCREENING)["Location"] == "/en/accounts/2fa/totp/activate/"
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})  # allauth asks again
    client.get("/en/accounts/2fa/totp/activate/")
    code = totp_code(client.session[SECRET_SESSION_KEY])
    client.post("/en/accounts/2fa/totp/activate/", {"code": code})
    assert client.get(SCREENING).status_code == 200


def test_guesses_at_the_admin_login_get_nowhere(client, curator):
    """A signed-in member could once guess the curator's password there without limit."""
    member = UserFactory(roles=["member"])
    client.force_login(member)
    for attempt in range(30):
        client.post("/admin/login/", {"username": curator.email, "password": f"guess-{attempt}"})
    client.post("/admin/login/", {"username": curator.email, "password": PASSWORD})
    assert int(client.session["_auth_user_id"]) == member.pk
    assert client.get(SCREENING).status_code in (403, 404)


def test_the_sign_in_page_locks_out_after_five_wrong_passwords(client, curator):
    for attempt in range(5):
        client.post("/en/accounts/login/", {"login": curator.email, "password": f"no-{attempt}"})
    response = client.post("/en/accounts/login/", {"login": curator.email, "password": PASSWORD})
    assert response.status_code == 200
    assert re.search(r"[Tt]oo many", response.content.decode())


def test_the_lockout_counts_per_address_whatever_the_host_port(client, curator):
    """Django accepts any port after an allowed host name: a guess sent to another port must
    not start a new count (core/adapters.py), nor one reaching another web server."""
    for attempt in range(5):
        client.post(
            "/en/accounts/login/",
            {"login": curator.email, "password": f"no-{attempt}"},
            HTTP_HOST=f"testserver:{8000 + attempt}",
        )
    response = client.post(
        "/en/accounts/login/",
        {"login": curator.email.upper(), "password": PASSWORD},
        HTTP_HOST="testserver:9999",
    )
    assert response.status_code == 200
    assert re.search(r"[Tt]oo many", response.content.decode())


def test_the_api_takes_no_password(client, curator):
    """HTTP Basic would check a password without the second factor or the lockout: the API
    does not read it (a wrong one would otherwise be refused)."""
    credentials = base64.b64encode(f"{curator.email}:wrong-password".encode()).decode()
    response = client.get("/api/schema/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 200
