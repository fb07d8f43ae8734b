"""Arabic pages: right to left, accessible (axe) on a wide screen and on a phone, including a form
sent back with errors, and laid out as the mirror of the English ones. ARABIC_SHOTS=/folder keeps
the screenshots of the mirrored pages."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo import calls as calls_demo
from demo import repository as repository_demo
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
SHOTS = os.environ.get("ARABIC_SHOTS")


@pytest.fixture
def practices(hub_db):
    calls_demo.load()
    repository_demo.load()


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("path", ["", "practices/"], ids=["home", "listing"])
def test_arabic_pages_are_right_to_left_and_accessible(
    practices, server, new_context, device, path
):
    page = new_context(**DEVICES[device]).new_page()
    page.goto(f"{server.url}/ar/{path}")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


@pytest.mark.parametrize("device", DEVICES)
def test_arabic_form_with_errors_is_accessible(server, new_context, device):
    page = new_context(**DEVICES[device]).new_page()
    page.goto(f"{server.url}/ar/contact/")
    page.locator("main form").last.evaluate("form => form.noValidate = true")
    page.locator("main form").last.locator("[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    assert_accessible(page)


def _brand_centre(page) -> float:
    box = page.locator(".site-brand").bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2


@pytest.mark.parametrize("path", ["", "practices/"], ids=["home", "listing"])
def test_arabic_layout_is_the_mirror_of_the_english_one(practices, server, new_context, path):
    width = DEVICES["desktop"]["viewport"]["width"]
    centres = {}
    for lang in ("en", "ar"):
        page = new_context(**DEVICES["desktop"]).new_page()
        page.goto(f"{server.url}/{lang}/{path}")
        centres[lang] = _brand_centre(page)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{lang}-{path.strip('/') or 'home'}.png")
    # The Hub's name opens the header: on the left in English, on the right in Arabic.
    assert centres["en"] < width / 2 < centres["ar"]
    assert abs((width - centres["ar"]) - centres["en"]) < width * 0.1
