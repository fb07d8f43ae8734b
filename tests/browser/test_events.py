"""A member registers for a full event (waiting list), another cancels, the member is promoted;
a visitor finds the calendar subscription. Desktop and phone; every page audited with axe.
EVENTS_SHOTS=/folder keeps screenshots."""

import os
import re
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from events import services
from events.tests.conftest import make_event
from tests.browser.conftest import assert_accessible, login
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
#: The same journey with JavaScript off: every step is a plain link or form.
NO_SCRIPT = {"viewport": {"width": 1280, "height": 900}, "java_script_enabled": False}
PASSWORD = "correct-horse-battery"  # the factories' password
SHOTS = os.environ.get("EVENTS_SHOTS")


def shot(page, device: str, name: str) -> None:
    if device != "no-script":  # axe itself is a script
        assert_accessible(page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{device}-{name}.png", full_page=True)


@pytest.mark.parametrize("device", [*DEVICES, "no-script"])
def test_a_member_on_the_waiting_list_is_promoted_when_another_cancels(server, new_context, device):
    event = make_event(slug="skills-talk", title="Skills partnerships talk", capacity=1)
    holder = UserFactory(roles=["member"], name="Seat Holder")
    member = UserFactory(roles=["member"], name="Amina Diallo")
    services.registration_create(event=event, actor=holder)

    options = DEVICES.get(device, NO_SCRIPT)
    page = new_context(**options).new_page()
    login(page, server, member.email, PASSWORD)
    page.goto(f"{server.url}/en/events/skills-talk/")
    expect(
        page.get_by_text("The event is full: you will be put on the waiting list.")
    ).to_be_visible()
    shot(page, device, "full-event")
    page.get_by_role("button", name="Register").click()
    panel = page.locator("section", has=page.get_by_role("heading", name="Registration"))
    expect(panel.get_by_text("On the waiting list", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Join the event")).to_have_count(0)
    shot(page, device, "waiting-list")

    other = new_context(**options).new_page()
    login(other, server, holder.email, PASSWORD)
    other.goto(f"{server.url}/en/events/skills-talk/")
    other.get_by_role("button", name="Cancel my registration").click()
    expect(other.get_by_text("Your registration is cancelled.")).to_be_visible()

    page.reload()
    expect(panel.get_by_text("Confirmed", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Join the event")).to_have_attribute(
        "href", "https://meet.example.org/gcm-talk"
    )
    shot(page, device, "promoted")


@pytest.mark.parametrize("device", DEVICES)
def test_a_visitor_finds_the_calendar_subscription(server, new_context, device):
    make_event(slug="pathways", title="Regular pathways webinar")
    page = new_context(**DEVICES[device]).new_page()
    page.goto(f"{server.url}/en/")
    page.goto(f"{server.url}/en/events/")
    expect(page.get_by_role("heading", name="Regular pathways webinar")).to_be_visible()
    shot(page, device, "listing")
    link = page.get_by_role("link", name="Subscribe to the calendar of events")
    href = link.get_attribute("href")
    assert href is not None
    assert href.endswith("/en/events/calendar.ics")
    response = page.request.get(server.url + href)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Regular pathways webinar"]
    page.get_by_role("link", name=re.compile("Regular pathways webinar")).click()
    expect(page.get_by_role("link", name="Add to your calendar (.ics)")).to_be_visible()
    shot(page, device, "event")
