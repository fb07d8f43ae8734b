"""A new member answers a consultation question (it waits in the queue), a moderator publishes
it, and a visitor reads it; on a desktop and on a phone, every page audited with axe.
DISCUSS_SHOTS=/folder keeps screenshots."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from discussions.models import Contribution
from discussions.tests.conftest import make_question, make_space
from tests.browser.conftest import assert_accessible, login
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
PASSWORD = "correct-horse-battery"  # the factories' password
SHOTS = os.environ.get("DISCUSS_SHOTS")
TEXT = "Our one-stop centres helped returning workers find jobs within three months."


def shot(page, device: str, name: str) -> None:
    assert_accessible(page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{device}-{name}.png", full_page=True)


@pytest.mark.parametrize("device", DEVICES)
def test_a_contribution_is_queued_approved_and_visible(server, new_context, device):
    space = make_space("imrf-consultation")
    question = make_question(space)
    member = UserFactory(roles=["member"], name="Amina Diallo")
    moderator = UserFactory(roles=["member"], name="Jean Dupont")
    space.moderators.add(moderator)
    url = f"{server.url}/en/discussions/{space.slug}/"

    page = new_context(**DEVICES[device]).new_page()
    page.goto(f"{server.url}/en/discussions/")
    shot(page, device, "1-list")
    login(page, server, member.email, PASSWORD)
    page.goto(url)
    shot(page, device, "2-space")
    page.get_by_role("link", name=question.title).click()
    page.get_by_label("Your contribution").fill(TEXT)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("waits for a moderator", exact=False).first).to_be_visible()
    shot(page, device, "3-queued")
    assert Contribution.objects.get().status == "pending"

    moderating = new_context(**DEVICES[device]).new_page()
    login(moderating, server, moderator.email, PASSWORD)
    moderating.goto(url + "moderation/")
    expect(moderating.get_by_text(TEXT)).to_be_visible()
    shot(moderating, device, "4-queue")
    moderating.get_by_role("button", name="Publish the contribution by Amina Diallo").click()
    expect(moderating.get_by_text("Nothing waits for moderation.")).to_be_visible()

    visitor = new_context(**DEVICES[device]).new_page()
    visitor.goto(f"{url}questions/{question.pk}/")
    expect(visitor.get_by_text(TEXT)).to_be_visible()
    expect(visitor.get_by_text("Language: English (detected)")).to_be_visible()
    shot(visitor, device, "5-published")


def test_contributing_works_without_javascript(server, new_context):
    space = make_space("no-script")
    question = make_question(space)
    member = UserFactory(roles=["member"], name="Lucía Fernández")
    page = new_context(java_script_enabled=False).new_page()
    login(page, server, member.email, PASSWORD)
    page.goto(f"{server.url}/en/discussions/{space.slug}/questions/{question.pk}/")
    page.get_by_label("Your contribution").fill(
        "Los centros abiertos a todas las personas migrantes."
    )
    page.get_by_label("Language of your text").select_option("es")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("waits for a moderator", exact=False).first).to_be_visible()
    expect(page.get_by_text("Language: Spanish")).to_be_visible()
