"""Pledges in a real browser: a visitor narrows the listing and opens a pledge; its focal point
reports progress; the Hub team approves it; the update appears, dated. Desktop and phone with
an axe audit of every page, and the same journey with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from pledges.tests.conftest import make_pledge
from tests.browser.conftest import assert_accessible, login
from tests.browser.test_support import sign_in_with_totp
from tests.factories import PracticeFactory, UserFactory, give_totp

pytestmark = pytest.mark.browser

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "no-script": {"viewport": {"width": 1280, "height": 900}, "java_script_enabled": False},
}
PASSWORD = "correct-horse-battery"  # the factories' password


def check(page, device: str) -> None:
    if device != "no-script":  # axe itself is a script
        assert_accessible(page)
    if device == "phone":  # nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("device", DEVICES)
def test_a_focal_point_reports_and_the_team_publishes(server, new_context, device):
    focal_point = UserFactory(roles=["member", "focal_point"], name="Lucía Fernández")
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    practice = PracticeFactory(title="Child-safe reporting desks at bus terminals")
    pledge = make_pledge(
        slug="kenya-desks",
        title="A child protection desk at every bus terminal",
        focal_points=[focal_point],
    )
    pledge.practices.add(practice)
    make_pledge(
        title="Pensions that follow migrant workers home", objectives=[22], countries=["PH"]
    )

    options = DEVICES[device]
    visitor = new_context(**options).new_page()
    visitor.goto(f"{server.url}/en/pledges/")
    expect(visitor.locator(".results__count")).to_have_text("2 pledges")
    check(visitor, device)
    if device == "phone":  # the choices fold under the results on small screens
        visitor.locator("summary.facets__title").click()
    visitor.get_by_role("checkbox", name=re.compile(r"^10 - Eradicate trafficking")).check()
    visitor.get_by_role("button", name="Apply").click()
    expect(visitor.locator(".results__count")).to_have_text("1 pledge")
    visitor.get_by_role("link", name="A child protection desk at every bus terminal").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(pledge.title)
    expect(visitor.get_by_text("No progress has been reported yet.")).to_be_visible()
    expect(visitor.get_by_role("link", name=practice.title)).to_be_visible()
    check(visitor, device)

    reporter = new_context(**options).new_page()
    login(reporter, server, focal_point.email, PASSWORD)
    reporter.goto(f"{server.url}/en/pledges/kenya-desks/")
    reporter.get_by_role("button", name="Send the update").click()
    expect(reporter.get_by_role("alert")).to_contain_text("What has been done")
    check(reporter, device)
    reporter.get_by_label("What has been done since the last update").fill(
        "Desks are open at six terminals."
    )
    reporter.get_by_label("Status of the pledge after this update").select_option("fulfilled")
    reporter.get_by_role("button", name="Send the update").click()
    expect(reporter.locator("main")).to_contain_text("Waiting for the Hub team")
    check(reporter, device)

    team = new_context(**options).new_page()
    sign_in_with_totp(team, server.url, curator)
    team.goto(f"{server.url}/en/pledges/review/")
    expect(team.locator("main")).to_contain_text("Desks are open at six terminals.")
    check(team, device)
    team.get_by_role("radio", name="Publish", exact=True).check()
    team.get_by_role("button", name="Save the decision").click()
    expect(team.get_by_text("No update is waiting.")).to_be_visible()

    visitor.reload()
    expect(visitor.locator("main")).to_contain_text("Desks are open at six terminals.")
    expect(visitor.get_by_role("heading", name=re.compile("^Updated on"))).to_be_visible()
    expect(visitor.locator(".page-header__kicker")).to_contain_text("Fulfilled")
    check(visitor, device)
    visitor.goto(f"{server.url}{practice.get_absolute_url()}")
    expect(visitor.get_by_role("link", name=pledge.title)).to_be_visible()
