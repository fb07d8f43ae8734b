"""A visitor writes to the Hub team from a call's page and the team answers from the inbox, on a
desktop and on a phone; every page is audited with axe. CONTACT_SHOTS=/folder keeps screenshots."""

import os
import re
import time
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from contact.models import ContactMessage, FaqEntry
from tests.browser.conftest import assert_accessible, login
from tests.factories import CallFactory, UserFactory, give_totp, totp_code

pytestmark = pytest.mark.browser

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
PASSWORD = "correct-horse-battery"  # the factories' password
SHOTS = os.environ.get("CONTACT_SHOTS")


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


@pytest.mark.parametrize("device", DEVICES)
def test_a_question_about_a_call_is_answered_from_the_inbox(server, new_context, device):
    call = CallFactory(title="Prevent, combat and eliminate trafficking in persons")
    FaqEntry.objects.create(
        question="Can I submit a practice after the deadline?",
        answer="No: the form closes at the deadline shown on the call's page.",
    )
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    visitor = new_context(**DEVICES[device]).new_page()

    visitor.goto(f"{server.url}/en/calls/{call.slug}/")
    visitor.get_by_role("link", name="Ask a question about this call").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Contact the Hub team")
    expect(visitor.get_by_label("What is it about?")).to_have_value("call")
    shot(visitor, device, "form")
    visitor.get_by_label("Your name").fill("Lucía Fernández")
    visitor.get_by_label("Your e-mail address").fill("lucia@example.org")
    visitor.get_by_label("Subject").fill("Late submission")
    visitor.get_by_label("Your message").fill(
        "Can we still submit our practice after the deadline of the call?"
    )
    visitor.get_by_role("button", name="Send").click()
    expect(
        visitor.get_by_role("heading", name="These answers may already help you")
    ).to_be_visible()
    expect(visitor.get_by_label("Your message")).to_have_value(re.compile("after the deadline"))
    shot(visitor, device, "faq")
    visitor.get_by_role("button", name="Send my message anyway").click()
    message = ContactMessage.objects.get()
    expect(visitor.locator("main")).to_contain_text(message.reference)
    shot(visitor, device, "sent")
    assert message.call == call

    team = new_context(**DEVICES[device]).new_page()
    sign_in_with_totp(team, server.url, curator)
    team.goto(f"{server.url}/en/contact/inbox/")
    shot(team, device, "inbox")
    team.locator("main").get_by_role("link", name="Late submission").click()
    expect(team.get_by_role("heading", level=1)).to_have_text("Late submission")
    shot(team, device, "message")
    team.get_by_label("Your answer").fill("The form closes at the deadline; we cannot accept it.")
    team.get_by_role("button", name="Send the answer").click()
    expect(team.locator("main")).to_contain_text("Your answer is on its way to lucia@example.org")
    team.get_by_role("button", name="Close").click()
    expect(team.locator("main")).to_contain_text("Closed")
    shot(team, device, "answered")
    assert any(
        "we cannot accept it" in m.body and m.to == ["lucia@example.org"] for m in mail.outbox
    )
