"""Account journeys: register, verify and sign in; two-factor authentication for curators."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import UserFactory, give_totp, totp_code

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"


def test_signup_verify_login_journey(server, page):
    page.goto(server.url + "/en/accounts/signup/")
    form = page.locator("main form")

    # An empty form comes back with a summary of errors that links to each field.
    form.locator("#id_email").evaluate("el => el.form.noValidate = true")
    form.locator("button[type=submit]").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # hub.js moves focus so screen readers announce it
    for field in ("email", "name", "password1", "password2", "accept_terms"):
        expect(summary.locator(f'a[href="#id_{field}"]')).to_have_count(1)
    summary.locator('a[href="#id_name"]').click()
    expect(page).to_have_url(re.compile(r"#id_name$"))
    expect(form.locator("#id_name")).to_be_focused()
    assert_accessible(page)

    form.locator("#id_email").fill("ana.silva@example.org")
    form.locator("#id_name").fill("Ana Silva")
    form.locator("#id_password1").fill("a-long-enough-passphrase")
    form.locator("#id_password2").fill("a-long-enough-passphrase")
    form.get_by_label("I accept the terms of use and the privacy notice").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Verify your e-mail address")
    account_nav = page.get_by_role("navigation", name="Your account")
    expect(account_nav.get_by_role("link", name="Sign in")).to_be_visible()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana.silva@example.org"]
    links = re.findall(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert links, message.body
    page.goto(links[0])
    expect(page.locator("main")).to_contain_text("ana.silva@example.org")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(server.url + "/en/")
    expect(account_nav.get_by_role("link", name="Ana Silva")).to_be_visible()
    expect(account_nav.get_by_role("button", name="Sign out")).to_be_visible()


def test_curator_without_totp_must_set_it_up(server, page):
    curator = UserFactory(roles=["curator"])
    login(page, server, curator.email, PASSWORD)
    _confirm_password_if_asked(page, PASSWORD)
    expect(page).to_have_url(server.url + "/en/accounts/2fa/totp/activate/")
    expect(page.locator("main input[name=code]")).to_be_visible()

    # Every other page sends the curator back until TOTP is active.
    page.goto(server.url + "/en/calls/")
    _confirm_password_if_asked(page, PASSWORD)
    expect(page).to_have_url(server.url + "/en/accounts/2fa/totp/activate/")


def _confirm_password_if_asked(page, password: str) -> None:
    """allauth may ask for the password again before TOTP can be activated."""
    page.wait_for_load_state()
    if "/accounts/reauthenticate/" in page.url:
        page.locator("main input[type=password]").fill(password)
        page.locator("main").get_by_role("button", name=re.compile("confirm", re.I)).click()
        page.wait_for_load_state()


def test_curator_with_totp_enters_a_code(server, page):
    curator = give_totp(UserFactory(roles=["curator"], name="Hana Tanaka"))
    login(page, server, curator.email, PASSWORD)
    expect(page).to_have_url(server.url + "/en/accounts/2fa/authenticate/")
    account_nav = page.get_by_role("navigation", name="Your account")
    expect(account_nav.get_by_role("link", name="Sign in")).to_be_visible()

    page.locator("main form input[name=code]").fill(totp_code())
    page.locator("main").get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(server.url + "/en/")
    expect(account_nav.get_by_role("link", name="Hana Tanaka")).to_be_visible()


def test_the_admin_is_reached_only_through_the_hubs_sign_in(server, page):
    administrator = give_totp(
        UserFactory(roles=["administrator"], is_staff=True, is_superuser=True, name="Ama Owusu")
    )
    page.goto(server.url + "/admin/accounts/user/")
    # No admin form: the Hub's own sign-in page, which will come back to the admin.
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next=/admin/accounts/user/$"))
    form = page.locator("main form")
    form.get_by_label("Email").fill(administrator.email)
    form.get_by_label("Password").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/authenticate/"))
    page.locator("main form input[name=code]").fill(totp_code())
    page.locator("main").get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(server.url + "/admin/accounts/user/")
    expect(page.locator("body")).to_contain_text(administrator.email)
