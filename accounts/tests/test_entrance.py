"""Sign-in and sign-up pages in the Hub's own words, with the terms accepted at sign-up
(issue 10.14)."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "awa.ndiaye@example.org",
    "name": "Awa Ndiaye",
    "password1": "un-mot-de-passe-long",
    "password2": "un-mot-de-passe-long",
}


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html[html.index("<main") : html.index("</main>")])


@pytest.mark.parametrize("url", ["/en/accounts/login/", "/en/accounts/signup/"])
def test_entrance_pages_use_the_hubs_words_not_the_librarys(client, url):
    text = _visible_text(client.get(url).content.decode())
    for default_wording in ("Sign Up", "Sign In", "Signup", "Remember Me", "(again)"):
        assert default_wording not in text


def test_sign_in_page_offers_an_account_and_mentions_the_code(client):
    text = _visible_text(client.get("/en/accounts/login/").content.decode())
    assert "Sign in to the Hub" in text
    assert "Create an account" in text
    assert "code from their authenticator app" in text


def test_sign_up_needs_the_terms_accepted(client):
    response = client.post("/en/accounts/signup/", SIGNUP)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_accept_terms"' in body  # listed in the error summary
    assert "Tick this box to accept the terms" in body
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    assert mail.outbox == []


def test_sign_up_records_when_the_terms_were_accepted(client):
    before = timezone.now()
    response = client.post("/en/accounts/signup/", {**SIGNUP, "accept_terms": "on"})
    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP["email"])
    assert user.terms_accepted_at is not None
    assert before <= user.terms_accepted_at <= timezone.now()


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_terms_box_links_to_the_terms_and_privacy_pages_in_the_page_language(client, lang):
    body = client.get(f"/{lang}/accounts/signup/").content.decode()
    assert 'name="accept_terms"' in body
    assert f'href="/{lang}/terms/"' in body
    assert f'href="/{lang}/privacy/"' in body
    assert client.get(f"/{lang}/terms/").status_code == 200
    assert client.get(f"/{lang}/privacy/").status_code == 200


@override_settings(DEBUG=True)
def test_public_footer_has_no_link_to_the_component_gallery(client):
    body = client.get("/en/").content.decode()
    footer = body[body.index("<footer") : body.index("</footer>")]
    assert "/en/components/" not in footer
    assert 'href="/en/privacy/"' in footer


def test_the_code_step_and_sign_out_use_the_hubs_words(client):
    curator = give_totp(UserFactory(roles=["curator"]))
    client.post(
        "/en/accounts/login/", {"login": curator.email, "password": "correct-horse-battery"}
    )
    text = _visible_text(client.get("/en/accounts/2fa/authenticate/").content.decode())
    assert "Your authentication code" in text
    assert "recovery codes" in text
    for default_wording in ("Sign In", "Two-Factor Authentication"):
        assert default_wording not in text
    client.force_login(UserFactory(roles=["member"]))
    text = _visible_text(client.get("/en/accounts/logout/").content.decode())
    assert "Sign out of the Hub on this device?" in text
    assert "Sign Out" not in text


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/en/accounts/confirm-email/", "Verify your e-mail address"),
        ("/en/accounts/password/reset/", "Password reset"),
    ],
)
def test_allauth_pages_read_in_sentence_case_and_say_e_mail(client, url, heading):
    text = _visible_text(client.get(url).content.decode())
    assert heading in text
    for title_case in ("Verify Your Email Address", "Password Reset", "Email Address"):
        assert title_case not in text
