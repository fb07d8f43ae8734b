"""The Hub works with JavaScript turned off: forms post to the server, lists render on it."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from demo import calls as calls_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(new_context):
    return new_context(java_script_enabled=False).new_page()


def test_signup_works_without_javascript(server, no_js_page):
    page = no_js_page
    page.goto(server.url + "/en/accounts/signup/")
    form = page.locator("main form")
    form.locator("#id_email").fill("nojs@example.org")
    form.locator("#id_name").fill("Noor Js")
    form.locator("#id_password1").fill("a-long-enough-passphrase")
    form.locator("#id_password2").fill("a-long-enough-passphrase")
    form.locator("#id_accept_terms").check()
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(server.url + "/en/accounts/confirm-email/")
    expect(page.locator("h1")).to_have_text("Verify your e-mail address")
    expect(page.locator("main")).to_contain_text("We have sent an email to you for verification")
    assert [m.to for m in mail.outbox] == [["nojs@example.org"]]


def test_call_list_works_without_javascript(hub_db, server, no_js_page):
    calls_demo.load()
    page = no_js_page
    page.goto(server.url + "/en/calls/")
    cards = page.locator("main article.card")
    expect(cards).to_have_count(3)
    expect(cards.get_by_role("link", name="Migration data for better policies")).to_be_visible()
    expect(
        cards.get_by_role("link", name="Prevent, combat and eliminate trafficking in persons")
    ).to_be_visible()
