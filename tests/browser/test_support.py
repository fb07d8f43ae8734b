"""A government focal point files a support request and the Hub team moves it to matched, on a
desktop and on a phone; every page is audited with axe. SUPPORT_SHOTS=/folder keeps screenshots."""

import os
import re
import time
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from experts.choices import ProfileStatus
from experts.models import ExpertProfile
from search.services import index_item
from support.models import SupportRequest
from taxonomy.models import Language, Objective
from tests.browser.conftest import assert_accessible, login
from tests.factories import PracticeFactory, UserFactory, give_totp, totp_code

pytestmark = pytest.mark.browser

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
PASSWORD = "correct-horse-battery"  # the factories' password
SHOTS = os.environ.get("SUPPORT_SHOTS")


def shot(page, device: str, name: str) -> None:
    assert_accessible(page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{device}-{name}.png", full_page=True)


def sign_in_with_totp(page, url: str, user) -> None:
    login(page, type("S", (), {"url": url})(), user.email, PASSWORD)
    left = 30 - time.time() % 30  # the current code only: avoid one about to expire
    if left < 4:
        time.sleep(left + 0.2)
    page.locator("main").get_by_label(re.compile("code", re.I)).fill(totp_code())
    page.locator("main").get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(url + "/en/")


def connections() -> ExpertProfile:
    """A practice and an adviser, both indexed, for the suggestions."""
    index_item(
        PracticeFactory(
            title="Reintegration support for returning migrants",
            summary="Jobs, housing and psychosocial care for migrants who return home.",
            tags={"objectives": [21]},
        )
    )
    expert = ExpertProfile.objects.create(
        user=UserFactory(),
        slug="grace-mensah",
        name="Grace Mensah",
        email="grace@expert.example.org",
        bio="I advise governments on the reintegration of returning migrants.",
        bio_language=Language.objects.get(code="en"),
        expertise="reintegration, return migration",
        status=ProfileStatus.LISTED,
        verified_at=timezone.now(),
        availability=["advising"],
    )
    expert.objectives.set(Objective.objects.filter(number=21))
    index_item(expert)
    return expert


@pytest.mark.parametrize("device", DEVICES)
def test_a_request_is_filed_and_matched(server, new_context, device):
    expert = connections()
    focal_point = UserFactory(roles=["member", "focal_point"], name="Amina Diallo")
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))

    requester = new_context(**DEVICES[device]).new_page()
    login(requester, server, focal_point.email, PASSWORD)
    requester.goto(f"{server.url}/en/support/")
    shot(requester, device, "landing")
    requester.locator("main").get_by_role("link", name="Request support").click()
    expect(requester.get_by_role("heading", level=1)).to_have_text("Request support")
    requester.get_by_label("Country").select_option(label="Senegal")
    requester.get_by_label("Institution").fill("Ministry of the Interior")
    requester.get_by_label("Title of the request").fill("Reintegration of returning migrants")
    requester.get_by_label("What do you need?").fill(
        "We want to help migrants who come back find work and housing, with psychosocial care."
    )
    requester.get_by_label("Technical advice").check()
    requester.evaluate("window.stillThisPage = true")
    requester.get_by_role("button", name="Suggest objectives from my text").click()
    expect(requester.get_by_role("status").filter(has_text="Ticked from your text")).to_be_visible()
    expect(requester.get_by_label("21. Dignified return and reintegration")).to_be_checked()
    assert requester.evaluate("window.stillThisPage === true")  # only the part was replaced
    expect(requester.get_by_label("Institution")).to_have_value("Ministry of the Interior")
    shot(requester, device, "objectives-suggested")
    requester.get_by_role("button", name="Continue").click()
    expect(requester.get_by_role("heading", name="Connections suggested")).to_be_visible()
    expect(requester.locator("main")).to_contain_text("Reintegration support for returning")
    expect(requester.locator("main")).to_contain_text("Grace Mensah")
    shot(requester, device, "suggestions")
    requester.get_by_role("button", name="File the request").click()
    request = SupportRequest.objects.get()
    expect(requester.locator("main")).to_contain_text(request.reference)
    assert request.objectives.exists()  # suggested and kept
    shot(requester, device, "filed")

    team = new_context(**DEVICES[device]).new_page()
    sign_in_with_totp(team, server.url, curator)
    team.goto(f"{server.url}/en/support/team/")
    shot(team, device, "team")
    team.locator("main").get_by_role("link", name="Reintegration of returning migrants").click()
    shot(team, device, "team-request")
    for step in ("Start the assessment", "Accept the request"):
        team.get_by_label("Next step").select_option(label=step)
        team.get_by_role("button", name="Move the request").click()
        expect(team.locator("main")).to_contain_text("The request moved on")
    team.get_by_label("Grace Mensah").check()
    team.get_by_label("Partners").fill("IOM Senegal")
    team.get_by_role("button", name="Send the proposal").click()
    expect(team.locator("main")).to_contain_text("The proposal is sent to the requester.")
    shot(team, device, "matched")
    request.refresh_from_db()
    assert request.status == "matched"
    assert list(request.proposed_experts.all()) == [expert]

    requester.goto(f"{server.url}{request.get_absolute_url()}")
    expect(requester.locator("main")).to_contain_text("Experts and partners proposed")
    shot(requester, device, "proposal")
    assert any(m.to == [focal_point.email] and "IOM" not in m.subject for m in mail.outbox)


def test_objectives_are_suggested_without_javascript(server, new_context):
    connections()
    focal_point = UserFactory(roles=["member", "focal_point"])
    page = new_context(java_script_enabled=False, **DEVICES["phone"]).new_page()
    login(page, server, focal_point.email, PASSWORD)
    page.goto(f"{server.url}/en/support/new/")
    page.get_by_label("Institution").fill("Ministry of the Interior")
    page.get_by_label("Title of the request").fill("Reintegration of returning migrants")
    page.get_by_label("What do you need?").fill(
        "We want to help migrants who come back find work and housing, with psychosocial care."
    )
    page.get_by_role("button", name="Suggest objectives from my text").click()
    expect(page.get_by_label("21. Dignified return and reintegration")).to_be_checked()
    expect(page.get_by_label("Institution")).to_have_value("Ministry of the Interior")
    expect(page.locator(".error-summary")).to_have_count(0)
    assert SupportRequest.objects.count() == 0
