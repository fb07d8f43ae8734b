"""The insights page in a real browser: the gap map is an accessible table, its numbers lead to
the listing with the same count, the selector works without JavaScript, and on a phone the grid
scrolls inside its own box instead of widening the page."""

import os
import re

import pytest
from playwright.sync_api import expect

from demo import calls as calls_demo
from demo import repository as repository_demo
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: $SCREENSHOT_DIR to keep them and look at them, else a temp dir."""
    return os.environ.get("SCREENSHOT_DIR") or str(tmp_path)


@pytest.fixture
def demo_repository(hub_db):
    calls_demo.load()
    repository_demo.load()


def test_gap_map_cell_leads_to_the_same_count(demo_repository, server, page, shots):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server.url}/en/insights/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights")
    table = page.get_by_role("table").filter(has_text="GCM objectives (rows) by Regions")
    assert_accessible(page)
    page.screenshot(path=f"{shots}/desktop.png", full_page=True)
    link = table.locator("td a").first
    shown = link.inner_text()
    link.click()
    expect(page).to_have_url(re.compile(r"/en/practices/\?objective=\d+&region=\d+"))
    expect(page.locator(".results__count")).to_contain_text(re.compile(rf"^{shown} practices?"))


def test_selector_works_without_javascript(demo_repository, server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{server.url}/en/insights/")
    page.get_by_label("Rows", exact=True).select_option("type")
    page.get_by_label("Columns", exact=True).select_option("language")
    page.get_by_label("Content", exact=True).select_option("resource")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"rows=type&cols=language&content=resource"))
    gap_map = page.get_by_role("table").filter(
        has_text="Knowledge resources: Type (rows) by Language (columns)"
    )
    expect(gap_map).to_have_count(1)
    expect(page.get_by_role("columnheader", name="English")).to_be_visible()


def test_phone_grid_scrolls_inside_its_box(demo_repository, server, new_context, shots):
    page = new_context(viewport={"width": 375, "height": 740}, is_mobile=True).new_page()
    page.goto(f"{server.url}/en/insights/")
    assert_accessible(page)
    page.screenshot(path=f"{shots}/phone.png", full_page=True)
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375
    box = page.locator(".gap-map__scroll")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    box.evaluate("e => { e.scrollLeft = e.scrollWidth }")
    assert box.evaluate("e => e.scrollLeft") > 0
