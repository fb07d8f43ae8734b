"""Co-submitter invitations in the browser: only the invited person sees the draft (11.4)."""

import pytest
from playwright.sync_api import expect

from submissions.services import invitation_send
from tests.browser.conftest import assert_accessible, login
from tests.factories import SubmissionFactory, UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"
TITLE = "Shelters run by municipal councils"


def test_a_stranger_gets_a_neutral_page_and_the_invited_person_joins(server, page):
    submission = SubmissionFactory(data={"title": TITLE}, title=TITLE)
    invitation = invitation_send(
        submission=submission, actor=submission.owner, email="colleague@example.org"
    )
    link = f"{server.url}/en/submit/invitations/{invitation.token}/"
    stranger = UserFactory(email="stranger@example.org")
    login(page, server, stranger.email, PASSWORD)
    response = page.goto(link)
    assert response.status == 404
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("This invitation cannot be used")
    expect(main).not_to_contain_text(TITLE)
    assert_accessible(page)

    page.context.clear_cookies()
    colleague = UserFactory(email="colleague@example.org")
    login(page, server, colleague.email, PASSWORD)
    page.goto(link)
    expect(main).to_contain_text(TITLE)
    main.get_by_role("button", name="Accept and open the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert colleague in submission.co_submitters.all()
