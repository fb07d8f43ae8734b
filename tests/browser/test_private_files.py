"""What the Hub team, a blind reviewer and the public see of files and reviews, in a real
browser, with axe: the curator's rubric table and attachment list, neutral file names for the
blind reviewer, and the files of a published practice."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from repository.models import Practice
from reviews.choices import Criterion
from reviews.services.workflow import review_submit
from reviews.tests.test_private_files import in_review, pdf_upload
from submissions.models import SubmissionVersion
from tests.browser.conftest import assert_accessible
from tests.factories import PracticeFactory, UserFactory, give_totp

pytestmark = pytest.mark.browser


def signed_in(new_context, server, user):
    """A page whose browser holds a session of ``user`` (no password or TOTP typing)."""
    client = Client()
    client.force_login(user)
    context = new_context()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}]
    )
    return context.new_page()


def test_files_and_rubrics_for_the_team_a_blind_reviewer_and_the_public(server, new_context):
    submission, assignment = in_review(files=[pdf_upload("ACME_NGO_evaluation.pdf")])
    review_submit(
        assignment=assignment,
        actor=assignment.reviewer,
        scores={c.value: 4 for c in Criterion},
        comments={"cross_cutting": "Nothing on girls' specific risks."},
        comments_to_team="",
        comments_to_submitter="Good work.",
        recommendation="minor",
    )

    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    page = signed_in(new_context, server, curator)
    page.goto(f"{server.url}/en/peer-review/submissions/{submission.uuid}/")
    main = page.locator("main")
    rubric = main.get_by_role("table", name="Scores by criterion")
    row = rubric.get_by_role("row").filter(has_text="Cross-cutting: gender and child sensitivity")
    expect(row).to_contain_text("4/5")
    expect(row).to_contain_text("Nothing on girls' specific risks.")
    files = main.get_by_role("region", name="Attached files")
    with page.expect_download() as download:
        files.get_by_role("link", name="ACME_NGO_evaluation.pdf").click()
    assert download.value.suggested_filename == "ACME_NGO_evaluation.pdf"
    assert_accessible(page)

    reviewer = signed_in(new_context, server, assignment.reviewer)
    reviewer.goto(f"{server.url}/en/peer-review/assignments/{assignment.pk}/review/")
    expect(reviewer.locator("main")).not_to_contain_text("ACME")
    with reviewer.expect_download() as download:
        reviewer.locator("main").get_by_role("link", name="Attachment 1.pdf").click()
    assert download.value.suggested_filename == "Attachment 1.pdf"
    assert_accessible(reviewer)

    SubmissionVersion.objects.create(
        submission=submission, number=1, data=submission.data, created_by=submission.owner
    )
    practice: Practice = PracticeFactory(source_submission_id=submission.pk)
    public = new_context().new_page()
    public.goto(server.url + practice.get_absolute_url())
    section = public.get_by_role("region", name="Files")
    with public.expect_download() as download:
        section.get_by_role("link", name="ACME_NGO_evaluation.pdf").click()
    assert download.value.suggested_filename == "ACME_NGO_evaluation.pdf"
    assert_accessible(public)
