"""Small screens (issue 10.12): the main menu folds away and a listing's results come before its
choices, with and without JavaScript; on wide screens both stay open."""

import re

import pytest
from playwright.sync_api import expect

from demo import calls as calls_demo
from demo import repository as repository_demo
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def practices(hub_db):
    calls_demo.load()
    repository_demo.load()


@pytest.mark.parametrize("javascript", [True, False])
def test_wide_screen_shows_menu_and_choices(practices, server, new_context, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{server.url}/en/practices/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Resources")).to_be_visible()
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    expect(page.get_by_label(re.compile(r"^10 - Eradicate trafficking"))).to_be_visible()


def _first_card_top(page) -> float:
    card = page.locator("main .card-grid > li").first
    expect(card).to_be_visible(timeout=10_000)
    box = card.bounding_box(timeout=10_000)
    assert box is not None
    return box["y"]


@pytest.mark.parametrize("path", ["/en/practices/", "/en/"])
@pytest.mark.parametrize("javascript", [True, False])
def test_phone_shows_first_card_on_first_screen(practices, server, new_context, path, javascript):
    page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto(server.url + path, wait_until="domcontentloaded", timeout=20_000)
    menu = page.locator("details.site-menu")
    assert menu.get_attribute("open", timeout=10_000) is None
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Resources")
    ).to_be_hidden(timeout=10_000)
    expect(page.locator("summary", has_text="Menu")).to_be_visible(timeout=10_000)
    top = _first_card_top(page)
    assert top < PHONE["height"], f"the first card starts {top:.0f} px down on {path}"
    if javascript:  # axe runs as a script in the page: only where scripts run
        assert_accessible(page)
