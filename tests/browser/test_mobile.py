"""Small screens (issue 10.12): the main menu folds away and a listing's results come before its
choices, with and without JavaScript; on wide screens both stay open."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def practices(hub_db):
    from demo import calls as calls_demo
    from demo import repository as repository_demo

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
