"""The demo trafficking call's featured page in a real browser, at desktop and phone sizes:
six practices in order with their takeaways, reachable from the call page, with no serious or
critical axe violation, and usable without JavaScript."""

import os

import pytest
from playwright.sync_api import expect

from demo import calls as calls_demo
from demo import featured as featured_demo
from demo import repository as repository_demo
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

URL = "/en/calls/trafficking-in-persons-2024/featured/"


@pytest.fixture
def shots(tmp_path):
    return os.environ.get("SCREENSHOT_DIR") or str(tmp_path)


@pytest.fixture
def demo_featured(hub_db):
    calls_demo.load()
    repository_demo.load()
    featured_demo.load()


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_featured_page_lists_six_practices_accessibly(demo_featured, server, page, shots, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{server.url}/en/calls/trafficking-in-persons-2024/")
    page.get_by_role("link", name="Featured practices:").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("World Day against Trafficking")
    cards = page.locator(".featured-list > li")
    expect(cards).to_have_count(6)
    expect(cards.first).to_contain_text("Takeaway:")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size[0], "the page is wider than the screen"
    assert_accessible(page)
    page.screenshot(path=f"{shots}/featured-{size[0]}.png", full_page=True)


def test_featured_page_in_french_without_javascript(demo_featured, server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{server.url}/fr/calls/trafficking-in-persons-2024/featured/")
    expect(page.locator(".featured-list > li")).to_have_count(6)
    expect(page.locator("h1")).to_contain_text("Journée mondiale de la lutte contre la traite")
