"""The repository in a real browser: narrow the practice list by an objective, open a practice,
follow an objective's landing page, and audit the listing, a practice page, a resource page and
the landing pages with axe."""

import re

import pytest
from playwright.sync_api import expect

from demo import calls as calls_demo
from demo import repository as repository_demo
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_repository(hub_db):
    calls_demo.load()
    repository_demo.load()


def test_filter_by_objective_then_open_a_practice(demo_repository, server, page):
    page.goto(f"{server.url}/en/practices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practices")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^10 - Eradicate trafficking")).check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"objective=10"))
    expect(page.locator(".results__count")).to_contain_text(re.compile(r"1\d practices"))
    expect(page.get_by_label(re.compile(r"^10 - Eradicate trafficking"))).to_be_checked()
    page.get_by_role("link", name="Child-safe reporting desks at bus terminals").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Child-safe reporting desks at bus terminals"
    )
    expect(page.get_by_text("2021 – 2024")).to_be_visible()
    assert_accessible(page)


def test_french_practice_page_says_the_text_is_in_spanish(demo_repository, server, page):
    page.goto(f"{server.url}/fr/practices/linea-nacional-gratuita-contra-la-trata/")
    expect(page.locator(".language-notice")).to_contain_text("espagnol")
    assert page.locator("h1").get_attribute("lang") == "es"
    assert_accessible(page)


def test_resource_page_is_accessible(demo_repository, server, page):
    page.goto(f"{server.url}/en/resources/")
    page.locator(".card__title a").first.click()
    expect(page.get_by_role("heading", name="How to cite")).to_be_visible()
    assert_accessible(page)


def test_facets_work_without_javascript(demo_repository, server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{server.url}/en/practices/")
    page.get_by_label(re.compile(r"^Regional")).check()
    page.get_by_label(re.compile(r"^10 - Eradicate trafficking")).check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(
        re.compile(r"scope=regional.*objective=10|objective=10.*scope=regional")
    )
    expect(page.locator(".results__count")).to_have_text(re.compile(r"^\d+ regional practices?$"))
    expect(page.get_by_label(re.compile(r"^Regional"))).to_be_checked()


def test_objective_landing_page_from_the_navigation(demo_repository, server, page):
    page.goto(f"{server.url}/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Objectives").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("GCM objectives")
    expect(page.locator(".landing-card")).to_have_count(23)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^10 Eradicate trafficking")).click()
    expect(page).to_have_url(re.compile(r"/en/objectives/10/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eradicate trafficking")
    practices = page.get_by_role("region", name="Practices")
    expect(practices.locator(".card--item").first).to_be_visible()
    assert practices.locator(".card--item").count() == 6
    assert_accessible(page)
    practices.get_by_role("link", name=re.compile(r"^See all \d+ practices$")).click()
    expect(page).to_have_url(re.compile(r"/en/practices/\?objective=10$"))
    expect(page.get_by_label(re.compile(r"^10 - Eradicate trafficking"))).to_be_checked()


def test_principle_landing_page_is_accessible(demo_repository, server, page):
    page.goto(f"{server.url}/fr/principles/")
    expect(page.locator(".landing-card")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Droits humains").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Droits humains")
    assert_accessible(page)
