"""The Hub's figures and the team's dashboard in a real browser, on a desktop and a phone
(390×844): every chart is an image with a name and its numbers in a table beside it, axe finds
nothing serious, and the page never scrolls sideways."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo import calls as calls_demo
from demo import repository as repository_demo
from reviews.choices import AssignmentStatus
from reviews.models import ReviewAssignment
from tests.browser.conftest import assert_accessible, login
from tests.factories import SubmissionFactory, UserFactory, give_totp, make_reviewer, totp_code

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def demo_repository(hub_db):
    calls_demo.load()
    repository_demo.load()


def _context(new_context, viewport):
    if viewport == "phone":
        return new_context(viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True)
    return new_context(viewport=VIEWPORTS["desktop"])


def _no_sideways_scroll(page, viewport):
    width = VIEWPORTS[viewport]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_insights_figures_have_charts_with_tables(demo_repository, server, new_context, viewport):
    page = _context(new_context, viewport).new_page()
    page.goto(f"{server.url}/en/insights/")
    trend = page.get_by_role("img", name="Published practices, year by year")
    expect(trend).to_be_visible()
    figure = page.get_by_role("figure", name="Published practices, year by year")
    expect(figure.get_by_role("columnheader", name="Year")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(r", year by year$"))).to_have_count(6)
    assert_accessible(page)
    _no_sideways_scroll(page, viewport)
    page.goto(f"{server.url}/en/")
    expect(page.get_by_role("img", name="Published practices, year by year")).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page, viewport)


def _sign_in_curator(page, server):
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    login(page, server, curator.email, PASSWORD)
    if time.time() % 30 > 26:  # allauth takes only the current code: avoid one about to expire
        time.sleep(30 - time.time() % 30 + 0.2)
    page.locator("main form input[name=code]").fill(totp_code())
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(server.url + "/en/")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_team_dashboard(server, new_context, viewport):
    submission = SubmissionFactory(status="submitted", title="Safe homes for survivors")
    reviewer = make_reviewer(email=f"reviewer-{viewport}@example.org")
    ReviewAssignment.objects.create(
        submission=submission,
        reviewer=reviewer,
        status=AssignmentStatus.INVITED,
        invited_at=timezone.now() - timedelta(days=12),
        due_at=timezone.now() - timedelta(days=2),
    )
    page = _context(new_context, viewport).new_page()
    page.goto(f"{server.url}/en/insights/team/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Dashboard of the Hub team")
    _sign_in_curator(page, server)
    page.goto(f"{server.url}/en/insights/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard of the Hub team")
    expect(page.get_by_role("img", name="Submissions that reached each stage")).to_be_visible()
    late = page.get_by_role("table", name=re.compile("^Reviews past their due date"))
    expect(late.get_by_role("row").filter(has_text="Safe homes for survivors")).to_contain_text(
        "Invitation not answered"
    )
    assert_accessible(page)
    _no_sideways_scroll(page, viewport)
    page.get_by_label("Call for practices").select_option(index=0)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard of the Hub team")
