"""The peer review roster in the browser: the public page and the application form for
members, the dashboard and applications for curators; every page audited with axe."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import UserFactory, give_totp, make_reviewer, totp_code

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_roster_page_invites_to_apply(server, page, lang):
    page.goto(f"{server.url}/{lang}/peer-review/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_member_applies_and_sees_errors_first(server, page):
    member = UserFactory(roles=["member"], email="applicant@example.org")
    login(page, server, member.email, PASSWORD)
    page.goto(f"{server.url}/en/peer-review/apply/")
    page.locator("main form").evaluate("form => form.noValidate = true")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)


def test_curator_sees_the_roster_dashboard_and_applications(server, page):
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    make_reviewer(
        email="r1@example.org", languages=("en", "fr"), objectives=(10, 13), internal=True
    )
    make_reviewer(email="r2@example.org", languages=("es",), objectives=(6,))
    login(page, server, curator.email, PASSWORD)
    if 30 - time.time() % 30 < 4:
        time.sleep(5)
    page.locator("main form input[name=code]").fill(totp_code())
    page.locator("main").get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_load_state()
    page.goto(f"{server.url}/en/peer-review/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("objective 13")  # a named gap
    assert_accessible(page)
    page.goto(f"{server.url}/en/peer-review/applications/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
