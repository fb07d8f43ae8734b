"""A background publication that failed is not left silent: the curator's workspace says so and
"Try publishing again" publishes the approved item (a plain form, no JavaScript needed)."""

import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from reviews.services import publication
from reviews.services.workflow import decision_record, screening_send_to_review
from submissions.services import submission_submit
from tests.browser.conftest import assert_accessible, login
from tests.factories import SubmissionFactory, UserFactory, give_totp, totp_code

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"


def _approved_but_not_published(curator, monkeypatch):
    submission = SubmissionFactory()
    submission = submission_submit(
        submission=submission, actor=submission.owner, submit_key=uuid.uuid4()
    )
    submission = screening_send_to_review(submission=submission, actor=curator)

    def broken(**kwargs):
        raise RuntimeError("the search index is unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(publication, "practice_publish", broken)
        decision_record(
            submission=submission,
            actor=curator,
            outcome="approve",
            message="Approved.",
            override_review_rule=True,
            override_reason="Tested alone.",
        )
    return submission


def test_curator_sees_the_failure_and_publishes_again(server, page, monkeypatch):
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    submission = _approved_but_not_published(curator, monkeypatch)
    login(page, server, curator.email, PASSWORD)
    if 30 - time.time() % 30 < 4:
        time.sleep(5)
    page.locator("main form input[name=code]").fill(totp_code())
    page.locator("main").get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_load_state()
    page.goto(f"{server.url}/en/peer-review/submissions/{submission.uuid}/")
    expect(page.locator("aside")).to_contain_text("Publication in the repository failed")
    assert_accessible(page)
    page.get_by_role("button", name="Try publishing again").click()
    expect(page.locator("main")).to_contain_text("Published in the repository.")
    expect(page.get_by_role("button", name="Try publishing again")).to_have_count(0)
