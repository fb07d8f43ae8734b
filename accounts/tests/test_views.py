import pytest
from django.core import mail
from django.test import Client

from tests.factories import UserFactory, give_totp
from tests.matrix import Case, check_matrix

pytestmark = pytest.mark.django_db


def test_signup_sends_a_verification_email_in_the_users_language(client):
    response = client.post(
        "/fr/accounts/signup/",
        {
            "email": "nouvelle@example.org",
            "name": "Awa Ndiaye",
            "password1": "un-mot-de-passe-long",
            "password2": "un-mot-de-passe-long",
            "accept_terms": "on",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "nouvelle@example.org" in mail.outbox[0].to
    assert "/fr/accounts/confirm-email/" in mail.outbox[0].body


def test_signup_errors_are_listed_in_a_summary_linked_to_fields(client):
    response = client.post("/es/accounts/signup/", {"email": "no-es-un-correo"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in body
    assert 'href="#id_email"' in body
    assert 'aria-invalid="true"' in body


def test_profile_saves_and_confirms(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/account/profile/",
        {
            "name": "Grace Achieng",
            "organisation_name": "Refugee Law Clinic",
            "country": "KE",
            "time_zone": "Africa/Nairobi",
            "language": "en",
        },
        follow=True,
    )
    assert "Your profile has been saved." in response.content.decode()
    user.refresh_from_db()
    assert user.organisation.name == "Refugee Law Clinic"
    assert user.country == "KE"


def test_profile_shows_errors_without_losing_input(client):
    client.force_login(UserFactory())
    response = client.post(
        "/en/account/profile/",
        {"name": "", "organisation_name": "Kept Org", "time_zone": "UTC", "language": "en"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kept Org"' in body
    assert 'href="#id_name"' in body


def test_curator_without_two_factor_is_sent_to_set_it_up(client):
    curator = UserFactory(roles=["member", "curator"])
    client.force_login(curator)
    response = client.get("/en/calls/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    give_totp(curator)
    # A device alone is not enough: this session never used it, so it is closed.
    assert client.get("/en/calls/")["Location"] == "/en/accounts/login/?next=/en/calls/"


def test_member_is_not_forced_into_two_factor(client):
    client.force_login(UserFactory(roles=["member"]))
    assert client.get("/en/calls/").status_code == 200


def test_permission_matrix_for_account_and_admin_urls():
    cases = [
        Case("/en/account/profile/", {"anonymous": "login", "*": "ok"}),
        Case("/en/accounts/2fa/", {"anonymous": "login", "*": "ok"}),
        Case("/en/accounts/email/", {"anonymous": "login", "*": "ok"}),
        Case("/en/accounts/sessions/", {"anonymous": "login", "*": "ok"}),
        Case("/en/account/profile/data/", {"anonymous": "login", "*": "ok"}),
        Case("/en/account/profile/delete/", {"anonymous": "login", "*": "ok"}),
        Case(
            "/admin/",
            {
                "anonymous": "login",
                "member": "login",
                "reviewer": "login",
                "moderator": "login",
                "curator": "ok",
                "administrator": "ok",
            },
        ),
        Case(
            "/admin/login/?next=/admin/",
            {
                "anonymous": "login",
                "member": "denied",
                "reviewer": "denied",
                "moderator": "denied",
                "curator": "redirect",
                "administrator": "redirect",
            },
        ),
        Case(
            "/admin/core/workerbeat/",
            {
                "anonymous": "login",
                "member": "login",
                "reviewer": "login",
                "moderator": "login",
                "curator": "denied",
                "administrator": "ok",
            },
        ),
        Case(
            "/admin/core/outgoingmail/",  # the outbox, with the count of mail waiting and failed
            {
                "anonymous": "login",
                "member": "login",
                "reviewer": "login",
                "moderator": "login",
                "curator": "denied",
                "administrator": "ok",
            },
        ),
        Case(
            "/admin/accounts/user/",
            {
                "anonymous": "login",
                "member": "login",
                "reviewer": "login",
                "moderator": "login",
                "curator": "denied",
                "administrator": "ok",
            },
        ),
    ]
    assert check_matrix(cases) == []


def test_only_administrators_manage_authenticators_in_the_admin():
    case = Case(
        "/admin/mfa/authenticator/",
        {
            "anonymous": "login",
            "member": "login",
            "reviewer": "login",
            "moderator": "login",
            "curator": "denied",
            "administrator": "ok",
        },
    )
    assert check_matrix([case]) == []


def sign_in(client, user) -> None:
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_member_signs_out_everywhere_else_and_keeps_this_device(client):
    user = UserFactory()
    laptop, phone = client, Client()
    sign_in(laptop, user)
    sign_in(phone, user)

    page = laptop.get("/en/accounts/sessions/").content.decode()
    assert page.count("<tr>") == 3  # the header and two sign-ins
    assert page.count("<strong>This device</strong>") == 1
    assert laptop.get("/en/account/profile/").content.decode().count("/en/accounts/sessions/") == 1

    response = laptop.post("/en/accounts/sessions/", follow=True)

    assert "Signed out of all other sessions." in response.content.decode()
    assert phone.get("/en/account/profile/").status_code == 302  # the phone must sign in again
    assert laptop.get("/en/account/profile/").status_code == 200
    assert "Sign out everywhere else" not in laptop.get("/en/accounts/sessions/").content.decode()
