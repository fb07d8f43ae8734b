"""The component gallery (DEBUG only) shows every component, including a form with errors."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_component_gallery_accessible(server, page, settings):
    settings.DEBUG = True
    response = page.goto(server.url + "/en/components/")
    assert response is not None
    assert response.status == 200
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)


def test_component_gallery_hidden_without_debug(server, page, settings):
    settings.DEBUG = False
    response = page.goto(server.url + "/en/components/")
    assert response is not None
    assert response.status == 404
