"""Language choice: the switcher keeps the page, the root URL follows Accept-Language."""

import pytest
from playwright.sync_api import expect

from demo import calls as calls_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_calls(hub_db):
    calls_demo.load()


def test_language_switcher_keeps_page(demo_calls, server, page):
    slug = "trafficking-in-persons-2024"
    page.goto(f"{server.url}/en/calls/{slug}/")
    expect(page.locator("h1")).to_have_text("Prevent, combat and eliminate trafficking in persons")

    switcher = page.get_by_role("navigation", name="Language")
    switcher.get_by_role("link", name="Français").click()
    expect(page).to_have_url(f"{server.url}/fr/calls/{slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text(
        "Prévenir, combattre et éliminer la traite de personnes"
    )

    # The navigation's name is translated now; find it by its place instead.
    page.locator("nav.lang-switch").get_by_role("link", name="Español").click()
    expect(page).to_have_url(f"{server.url}/es/calls/{slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("h1")).to_have_text("Prevenir, combatir y eliminar la trata de personas")


@pytest.mark.parametrize(("locale", "lang"), [("es-ES", "es"), ("fr-FR", "fr"), ("en-GB", "en")])
def test_root_redirect_uses_accept_language(server, new_context, locale, lang):
    page = new_context(locale=locale).new_page()
    page.goto(server.url + "/")
    expect(page).to_have_url(f"{server.url}/{lang}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
