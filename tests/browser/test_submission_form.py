"""The practice submission form in a real browser (issue 10, point 10), on a desktop and a phone:
every choice list shows all its options (no inner scroll hiding objectives 21-23), countries are
added by typing a name (with and without JavaScript), and a step with errors passes axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import COMPLETE_PRACTICE, SubmissionFactory, UserFactory

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORD = "correct-horse-battery"


@pytest.fixture
def draft(hub_db):
    owner = UserFactory(email="form.tester@example.org", roles=["member"])
    return SubmissionFactory(owner=owner, data={**COMPLETE_PRACTICE, "countries": ["GH"]})


def _open(server, new_context, draft, step, *, viewport, javascript=True):
    page = new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript).new_page()
    login(page, server, draft.owner.email, PASSWORD)
    page.goto(f"{server.url}/en/submit/{draft.uuid}/step/{step}/")
    return page


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_objective_is_in_view_without_an_inner_scroll(server, new_context, draft, viewport):
    page = _open(server, new_context, draft, "scope", viewport=viewport)
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('.form-field fieldset > div[id]')]
            .filter(list => list.scrollHeight > list.clientHeight + 1).map(list => list.id)"""
    )
    assert hidden == []
    objective = page.get_by_label("23 - International cooperation").first
    objective.scroll_into_view_if_needed()
    expect(objective).to_be_in_viewport()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_country_is_found_by_typing_its_name(server, new_context, draft, javascript):
    page = _open(server, new_context, draft, "scope", viewport="phone", javascript=javascript)
    page.get_by_label("Add a country").fill("nauru")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_label("Nauru", exact=True)).to_be_checked()
    expect(page.get_by_label("Ghana", exact=True)).to_be_checked()
    draft.refresh_from_db()
    assert draft.data["countries"] == ["GH", "NR"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_form_with_errors_is_accessible(server, new_context, draft, viewport):
    page = _open(server, new_context, draft, "partners", viewport=viewport)
    page.get_by_label("I am submitting on behalf of another organisation").check()
    page.get_by_label("Focal point: name").fill("")
    page.get_by_label("Focal point: e-mail").fill("not an address")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_text("it is needed because you ticked").first).to_be_visible()
    page.locator("details.import-word > summary").click()
    assert_accessible(page)
    page.goto(f"{server.url}/en/submit/{draft.uuid}/step/scope/")
    page.get_by_label("Add a country").fill("Atlantis")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("#id_countries")).to_be_attached()  # the error summary links it
    expect(page.locator(".errorlist", has_text="is not a country of the list")).to_be_visible()
    assert_accessible(page)
