"""The whole peer-review journey of one practice: screening, optimal matching of reviewers,
reviews with the rubric, a tie-break after a disagreement, changes requested, a new version
re-reviewed with a diff, approval and publication in the repository."""

import re
import time
import uuid

import pytest
from django.core import mail
from playwright.sync_api import expect

from repository.models import Practice
from reviews.choices import Criterion
from reviews.models import ReviewAssignment
from submissions.choices import SubmissionStatus
from submissions.services import submission_submit
from tests.browser.conftest import assert_accessible, login
from tests.factories import (
    COMPLETE_PRACTICE,
    SubmissionFactory,
    UserFactory,
    give_totp,
    make_reviewer,
    totp_code,
)

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
TITLE = COMPLETE_PRACTICE["title"]
OLD_RESULTS = COMPLETE_PRACTICE["results"]
NEW_RESULTS = OLD_RESULTS.replace("Four hundred children", "Four hundred and twelve children")
CHANGES_NOTE = "Please give the number of children housed in each council."
CRITERIA = [str(c.label) for c in Criterion]

# The roster: (email, name, languages, objectives, internal).
ROSTER = [
    ("amara.diallo@un.example.org", "Amara Diallo", ("en",), (10, 7), True),
    ("bruno.costa@un.example.org", "Bruno Costa", ("en",), (10,), True),
    ("chloe.martin@example.org", "Chloé Martin", ("en",), (10, 7), False),
    ("dev.patel@example.org", "Dev Patel", ("en",), (10,), False),
    ("elena.petrova@example.org", "Elena Petrova", ("en",), (7,), False),
]
CHINESE_ONLY = ("li.wei@example.org", "Li Wei", ("zh",), (10, 7), False)


def test_review_journey(server, page, new_context):
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True, name="Hana Tanaka"))
    owner = UserFactory(roles=["member"], email="kofi.mensah@example.org", name="Kofi Mensah")
    submission = SubmissionFactory(owner=owner)
    submission = submission_submit(submission=submission, actor=owner, submit_key=uuid.uuid4())
    people = {}
    for email, name, languages, objectives, internal in [*ROSTER, CHINESE_ONLY]:
        user = make_reviewer(
            email=email, languages=languages, objectives=objectives, internal=internal
        )
        user.name = name
        user.save(update_fields=["name"])
        people[user.pk] = user
    chinese = next(u for u in people.values() if u.email == CHINESE_ONLY[0])
    workspace_url = f"{server.url}/en/peer-review/submissions/{submission.uuid}/"
    main = page.locator("main")

    # 1. The curator signs in with a password and a TOTP code, then screens the submission.
    page.goto(server.url + "/en/accounts/login/")
    assert_accessible(page)
    login(page, server, curator.email, PASSWORD)
    expect(page).to_have_url(server.url + "/en/accounts/2fa/authenticate/")
    assert_accessible(page)
    _wait_for_a_fresh_totp_window()
    page.locator("main form input[name=code]").fill(totp_code())
    main.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(server.url + "/en/")
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Hub team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening and review queue")
    row = main.get_by_role("row").filter(has_text=submission.reference)
    expect(row).to_contain_text("Submitted")
    assert_accessible(page)
    row.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(workspace_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main.get_by_role("region", name="Reviewers")).to_contain_text("No reviewer yet.")
    main.get_by_label("Send to review").check()
    main.get_by_role("button", name="Apply").click()
    expect(main.get_by_role("status").filter(has_text="Done.")).to_be_visible()
    expect(main.locator(".page-header__kicker")).to_contain_text("In review")

    # 2. Optimal matching suggests one internal and two external reviewers, each explained.
    main.get_by_role("button", name="Suggest reviewers (optimal matching)").click()
    expect(main.get_by_role("status").filter(has_text="3 reviewers suggested.")).to_be_visible()
    reviewers_section = main.get_by_role("region", name="Reviewers")
    rows = reviewers_section.locator("tbody tr")
    expect(rows).to_have_count(3)
    suggested = list(
        ReviewAssignment.objects.filter(submission=submission, status="suggested").order_by(
            "-affinity"
        )
    )
    assert sorted(a.is_internal for a in suggested) == [False, False, True]
    assert chinese.pk not in {a.reviewer_id for a in suggested}
    for assignment in suggested:
        person = people[assignment.reviewer_id]
        row = rows.filter(has=page.get_by_role("rowheader", name=person.name))
        kind = "internal (UN)" if assignment.is_internal else "external"
        expect(row.get_by_role("rowheader")).to_contain_text(person.name)
        expect(row.get_by_role("rowheader")).to_contain_text(kind)
        expect(row.get_by_label(f"Invite {person.name}")).to_be_checked()
        expect(row).to_contain_text("Suggested")
        why = row.locator("td").last
        expect(why).to_contain_text("reads English")
        expect(why).not_to_contain_text("affinity")
    expect(reviewers_section).not_to_contain_text(CHINESE_ONLY[1])
    assert_accessible(page)
    reviewers_section.get_by_role("button", name="Invite the selected reviewers").click()
    expect(main.get_by_role("status").filter(has_text="Invitations sent.")).to_be_visible()
    expect(rows.filter(has_text="Invited")).to_have_count(3)
    invited = [people[a.reviewer_id] for a in suggested]
    # No approval is offered before the reviews are in; the panel says what is missing.
    expect(main.get_by_role("link", name="Approve", exact=True)).to_have_count(0)
    expect(main.locator(".sidebar")).to_contain_text("0 of 3 required reviews in")
    main.get_by_role("link", name="Approve as a rare exception, with a reason").click()
    expect(main.locator(".notice--warning")).to_contain_text("The review rule is not met yet.")
    expect(
        main.get_by_role("checkbox", name="Approve without the full review rule")
    ).not_to_be_checked()
    assert_accessible(page)
    page.goto(workspace_url)
    invitations = [m for m in mail.outbox if "/peer-review/assignments/" in m.body]
    assert sorted(m.to[0] for m in invitations) == sorted(p.email for p in invited)

    # 3. Each reviewer accepts in a browser of their own; two of them disagree.
    first, second, third = (_reviewer_page(server, new_context, person) for person in invited)
    for number, reviewer in enumerate((first, second, third)):
        _accept(reviewer, audit=number == 0)
    _review(first, score=5, recommendation="Approve", audit=True)
    _review(second, score=1, recommendation="Decline")

    page.reload()
    tie_rows = rows.filter(has_text="tie-break")
    expect(tie_rows).to_have_count(1)
    expect(rows).to_have_count(4)
    tie_assignment = ReviewAssignment.objects.get(submission=submission, tie_break=True)
    tie_person = people[tie_assignment.reviewer_id]
    assert tie_person not in invited
    assert tie_person != chinese
    expect(tie_rows.get_by_role("rowheader")).to_contain_text(tie_person.name)
    expect(tie_rows).to_contain_text("Suggested")
    expect(tie_rows.get_by_label(f"Invite {tie_person.name}")).to_be_checked()
    expect(main.get_by_role("region", name="Reviews").locator(".review-card")).to_have_count(2)
    expect(reviewers_section).not_to_contain_text(CHINESE_ONLY[1])
    reviewers_section.get_by_role("button", name="Invite the selected reviewers").click()
    expect(main.get_by_role("status").filter(has_text="Invitations sent.")).to_be_visible()
    expect(tie_rows).to_contain_text("Invited")

    tie_breaker = _reviewer_page(server, new_context, tie_person)
    _accept(tie_breaker)
    _review(tie_breaker, score=4, recommendation="Minor changes")
    _review(third, score=3, recommendation="Minor changes")
    # Once they have sent their review, reviewers see the others' reviews, without names.
    others = third.locator("main .review-card")
    expect(others).to_have_count(3)
    expect(third.locator("main")).not_to_contain_text(invited[0].name)

    # 4. The curator requests changes, with an edited message.
    page.reload()
    expect(main.get_by_role("region", name="Reviews").locator(".review-card")).to_have_count(4)
    expect(rows.filter(has_text="Review submitted")).to_have_count(4)
    main.get_by_role("link", name="Request changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision")
    expect(main.locator(".review-card")).to_have_count(4)
    expect(main.get_by_label("Request changes")).to_be_checked()
    message = main.get_by_label("Message to the submitter")
    expect(message).to_have_value(re.compile(re.escape(TITLE)))
    edited = message.input_value() + "\n\n" + CHANGES_NOTE
    message.fill(edited)
    assert_accessible(page)
    main.get_by_role("button", name="Record the decision").click()
    expect(page).to_have_url(workspace_url)
    expect(
        main.get_by_role("status").filter(has_text="Decision recorded and sent to the submitter.")
    ).to_be_visible()
    expect(main.locator(".page-header__kicker")).to_contain_text("Changes requested")

    # 5. The submitter reads the message (never a reviewer's name), edits and resubmits.
    names = [p.name for p in people.values()] + [p.email for p in people.values()]
    notices = [m for m in mail.outbox if m.to == [owner.email] and CHANGES_NOTE in m.body]
    assert len(notices) == 1
    assert not [n for n in names if n in notices[0].subject + notices[0].body]
    submitter = new_context().new_page()
    login(submitter, server, owner.email, PASSWORD)
    s_main = submitter.locator("main")
    submitter.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="My submissions"
    ).click()
    s_main.get_by_role("link", name=TITLE).click()
    expect(submitter).to_have_url(f"{server.url}/en/submit/{submission.uuid}/")
    expect(submitter.get_by_role("heading", level=1)).to_have_text(TITLE)
    messages = s_main.get_by_role("region", name="Messages")
    expect(messages).to_contain_text(CHANGES_NOTE)
    expect(messages.locator(".message--hub")).to_contain_text("Hub team")
    body = submitter.content()
    assert not [n for n in names if n in body]
    assert_accessible(submitter)
    s_main.get_by_role("link", name="Continue editing").click()
    submitter.get_by_role("navigation", name="Steps of the form").get_by_role(
        "link", name="Results, lessons and recommendations"
    ).click()
    expect(submitter.get_by_role("heading", level=1)).to_have_text(
        "Results, lessons and recommendations"
    )
    results = s_main.get_by_label("Benefit and impact: key results")
    expect(results).to_have_value(OLD_RESULTS)
    results.fill(NEW_RESULTS)
    assert_accessible(submitter)
    s_main.get_by_role("button", name="Save draft").click()
    expect(s_main.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
    submitter.get_by_role("navigation", name="Steps of the form").get_by_role(
        "link", name="Review and submit"
    ).click()
    expect(submitter.get_by_role("heading", level=1)).to_have_text("Review and submit")
    expect(s_main).to_contain_text(NEW_RESULTS)
    assert_accessible(submitter)
    for finding in s_main.locator("fieldset.finding").all():
        finding.get_by_label("It may be published").check()
    s_main.get_by_role("button", name="Send the new version").click()
    expect(submitter).to_have_url(f"{server.url}/en/submit/{submission.uuid}/")
    expect(s_main.get_by_role("status").filter(has_text="Thank you.")).to_be_visible()
    expect(s_main.locator(".page-header__kicker")).to_contain_text("In review")
    assert not [n for n in names if n in submitter.content()]

    # 6. The same reviewers are asked to review version 2; one reads what changed.
    page.reload()
    expect(main.locator(".page-header__kicker")).to_contain_text("version 2")
    main.get_by_role("button", name="Ask the same reviewers to review the new version").click()
    expect(
        main.get_by_role("status").filter(has_text="4 reviewers asked to review the new version.")
    ).to_be_visible()
    expect(rows.filter(has_text="Accepted")).to_have_count(4)
    first.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="My reviews"
    ).click()
    version_row = first.locator("main tbody tr").filter(has_text="version 2")
    expect(version_row).to_contain_text("Accepted")
    version_row.get_by_role("link", name=TITLE).click()
    expect(first.locator("main")).to_contain_text("You are reviewing version 2.")
    changed = first.get_by_role("region", name="What changed since the version you reviewed")
    expect(changed.get_by_role("heading", name="Benefit and impact: key results")).to_be_visible()
    expect(changed.locator("ins")).to_have_text(["and", "twelve"])
    expect(changed.locator("del")).to_have_count(0)
    assert_accessible(first)

    # 7. The curator approves without a publication instant: the practice is published.
    page.reload()
    main.get_by_role("link", name="Approve", exact=True).click()
    expect(main.get_by_label("Approve")).to_be_checked()
    expect(main.get_by_label("Publish at (optional)")).to_have_value("")
    main.get_by_role("button", name="Record the decision").click()
    expect(page).to_have_url(workspace_url)
    expect(main.locator(".page-header__kicker")).to_contain_text("Published")
    history = main.get_by_role("region", name="History")
    expect(history).to_contain_text("Sent to review by Hana Tanaka")
    expect(history).to_contain_text("All required reviews are in")
    expect(history).not_to_contain_text("status_changed")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED
    practice = Practice.objects.get(source_submission_id=submission.pk)
    assert not ReviewAssignment.objects.filter(submission=submission, reviewer=chinese).exists()
    public = new_context().new_page()
    public.goto(server.url + practice.get_absolute_url())
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(public.locator("main")).to_contain_text("twelve children")
    assert_accessible(public)


def _wait_for_a_fresh_totp_window() -> None:
    """allauth accepts only the current 30-second code: avoid typing one about to expire."""
    left = 30 - time.time() % 30
    if left < 4:
        time.sleep(left + 0.2)


def _reviewer_page(server, new_context, person):
    reviewer = new_context().new_page()
    login(reviewer, server, person.email, PASSWORD)
    account = reviewer.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link", name=person.name)).to_be_visible()
    return reviewer


def _accept(reviewer, *, audit: bool = False) -> None:
    reviewer.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="My reviews"
    ).click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("My reviews")
    row = reviewer.locator("main tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("Invited")
    if audit:
        assert_accessible(reviewer)
    row.get_by_role("link", name=TITLE).click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Invitation to review")
    main = reviewer.locator("main")
    expect(main).to_contain_text(TITLE)
    expect(main).not_to_contain_text("focal.point@example.org")  # blind review
    if audit:
        assert_accessible(reviewer)
    main.get_by_label("I accept to review").check()
    main.get_by_role("button", name="Send my answer").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Review")
    expect(main.get_by_role("status").filter(has_text="Thank you for accepting.")).to_be_visible()


def _review(reviewer, *, score: int, recommendation: str, audit: bool = False) -> None:
    main = reviewer.locator("main")
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Review")
    expect(main.get_by_role("heading", name="Your assessment")).to_be_visible()
    if audit:
        assert_accessible(reviewer)
    for criterion in CRITERIA:
        main.get_by_role("group", name=criterion).get_by_label(str(score), exact=True).check()
    main.get_by_label("Comments for the submitter").fill(f"Scored {score} on every criterion.")
    main.get_by_label("Comments for the Hub team only").fill("Nothing confidential.")
    main.get_by_role("group", name="Your recommendation").get_by_label(
        recommendation, exact=True
    ).check()
    main.get_by_label("I have no conflict of interest").check()
    main.get_by_role("button", name="Send my review").click()
    expect(
        main.get_by_role("status").filter(has_text="Your review has been sent. Thank you.")
    ).to_be_visible()
    expect(main.get_by_role("complementary")).to_contain_text(f"{recommendation} · {score}.0/5")
