"""The Hub-wide search in a real browser: from the header box on the home page to the results,
narrowed by type, in two languages; the page passes axe with results and without."""

import re

import pytest
from playwright.sync_api import expect

from demo import calls as calls_demo
from demo import repository as repository_demo
from search.services import reindex
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def indexed_hub(hub_db):
    calls_demo.load()
    repository_demo.load()
    reindex()


def test_search_from_the_header_then_narrow_by_type(indexed_hub, server, page):
    page.goto(f"{server.url}/en/")
    box = page.get_by_role("search", name="Whole Hub")
    box.get_by_label("Search by meaning, in any language").fill("children exploited by traffickers")
    box.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/en/search/\?q=children"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the Hub")
    expect(page.locator(".search-result").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Calls for practices \(\d+\)")).click()
    expect(page).to_have_url(re.compile(r"type=calls"))
    types = page.locator(".search-result__type")
    expect(types.first).to_contain_text("Call for practices")
    assert_accessible(page)


def test_french_search_and_empty_states_are_accessible(indexed_hub, server, page):
    page.goto(f"{server.url}/fr/search/?q=traite+des+enfants")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".search-result").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"{server.url}/fr/search/")
    expect(page.locator(".search-result")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{server.url}/es/search/?q=zzqx+wvvk")
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    assert_accessible(page)
