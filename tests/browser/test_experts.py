"""The expert directory in a browser: a member builds a profile and asks to be listed, the Hub
team verifies it, and a visitor finds the expert with a query in another language, on a desktop
and on a phone. Every page is audited with axe. EXPERT_SHOTS=/folder keeps screenshots."""

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from experts.models import ExpertMessage, ExpertProfile
from search.services import index_item
from tests.browser.conftest import assert_accessible, login
from tests.factories import UserFactory, give_totp, totp_code

pytestmark = pytest.mark.browser

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
PASSWORD = "correct-horse-battery"
SHOTS = os.environ.get("EXPERT_SHOTS")


def shot(page, device: str, name: str) -> None:
    assert_accessible(page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{device}-{name}.png", full_page=True)


def sign_in(page, url: str, user, *, totp: bool = False) -> None:
    login(page, type("S", (), {"url": url})(), user.email, PASSWORD)
    if totp:
        left = 30 - time.time() % 30
        if left < 4:
            time.sleep(left + 0.2)
        page.locator("main").get_by_label(re.compile("code", re.I)).fill(totp_code())
        page.locator("main").get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(url + "/en/")


@pytest.mark.parametrize("device", DEVICES)
def test_an_expert_is_listed_then_found_across_languages(server, new_context, device):
    member = UserFactory(email="grace@example.org", name="Grace Mensah")
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    page = new_context(**DEVICES[device]).new_page()
    sign_in(page, server.url, member)
    page.goto(f"{server.url}/en/experts/me/")
    page.locator("#id_name").fill("")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    shot(page, device, "profile-errors")
    page.locator("#id_name").fill("Grace Mensah")
    page.locator("#id_organisation").fill("International Labour Office")
    page.locator("#id_bio").fill(
        "I advise labour ministries on fair recruitment of migrant workers and on ending "
        "recruitment fees that push workers into debt bondage."
    )
    page.locator("#id_bio_language").select_option(label="English")
    page.locator("#id_expertise").fill("fair recruitment, labour migration")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.locator("main")).to_contain_text("Your profile is saved.")
    page.get_by_role("button", name="Ask to be listed").click()
    expect(page.locator("main")).to_contain_text("Waiting for verification")
    shot(page, device, "profile-pending")

    team = new_context(**DEVICES[device]).new_page()
    sign_in(team, server.url, curator, totp=True)
    team.goto(f"{server.url}/en/experts/team/")
    shot(team, device, "team")
    team.get_by_role("button", name="Verify and list").click()
    expect(team.locator("main")).to_contain_text("Grace Mensah is listed.")
    index_item(ExpertProfile.objects.get(name="Grace Mensah"))  # the task worker's job

    visitor = new_context(**DEVICES[device]).new_page()
    visitor.goto(f"{server.url}/fr/experts/?q=recrutement+équitable+des+travailleurs+migrants")
    shot(visitor, device, "directory-fr")
    visitor.locator("main").get_by_role("link", name="Grace Mensah").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Grace Mensah")
    expect(visitor.locator("main")).not_to_contain_text("grace@example.org")
    shot(visitor, device, "profile-fr")

    # The visitor signs in and writes to the expert through the relay.
    writer = UserFactory(name="Nadia Rahman")
    login(visitor, server, writer.email, PASSWORD)
    visitor.goto(f"{server.url}/en/experts/")
    visitor.locator("main").get_by_role("link", name="Grace Mensah").click()
    visitor.locator("main").get_by_role("link", name="Write to Grace Mensah").click()
    shot(visitor, device, "write")
    visitor.get_by_label("Subject").fill("Advice on recruitment fees")
    visitor.get_by_label("Your message").fill("Could you advise our ministry on recruitment fees?")
    visitor.get_by_role("button", name="Send the message").click()
    expect(visitor.locator("main")).to_contain_text("Your message is on its way to Grace Mensah")
    expect(visitor.locator("main")).not_to_contain_text("grace@example.org")
    shot(visitor, device, "written")
    assert ExpertMessage.objects.get().sender == writer
