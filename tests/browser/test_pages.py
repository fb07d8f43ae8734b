"""Public pages in each of the six languages: they load, say which language they are in, pass axe."""

import re

import pytest
from playwright.sync_api import expect

from demo import calls as calls_demo
from demo import site_settings as core_demo
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh-hans"]
PAGES = [
    "",  # home
    "calls/",
    "calls/trafficking-in-persons-2024/",
    "calls/migration-data/",
    "about/",
    "privacy/",
    "terms/",
    "practices/",
    "resources/",
    "objectives/",
    "objectives/10/",
    "principles/",
    "principles/human-rights/",
    "accounts/login/",
    "accounts/signup/",
    "accounts/password/reset/",
]


@pytest.fixture
def demo_content(hub_db):
    calls_demo.load()
    core_demo.load()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.strip("/") or "home")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_accessible(demo_content, server, page, lang, path):
    url = f"{server.url}/{lang}/{path}"
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{url} answered {response.status}"
    assert page.url == url, f"{url} redirected to {page.url}"
    expect(page.locator("html")).to_have_attribute("lang", lang)
    heading = page.locator("h1")
    expect(heading).to_have_count(1)
    expect(heading).to_have_text(re.compile(r"\S"))
    assert_accessible(page)
