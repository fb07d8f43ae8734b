"""The Hub's core loop, replayed as each person would live it, on a desktop and on a phone.

Steps (one small function each, so a single step can be adjusted when the UI changes):

1. sign_up: a newcomer signs up, opens the verification link from the e-mail, is signed in.
2. read_the_call, fill_the_form, attach_a_file, consent_and_submit: they read an open call and
   submit a practice through the online form, with a PNG attachment, and see the reference.
3. curator_signs_in (password + TOTP), screen, suggest_and_invite: the curator sends it to review,
   asks for suggested reviewers (optimal matching) and invites one UN and two external reviewers.
4. accept_and_review: each reviewer, in a browser of their own, accepts and fills the rubric.
5. approve: the curator approves; the practice is published.
6. find_it_in_french: a visitor searches the public repository in French and opens the page.

Every page visited is audited with axe. Cross-role jumps use URLs (page.goto), not header links,
which may sit in a collapsed menu on a phone. Set JOURNEY_SHOTS=/some/folder to keep screenshots.
"""

import os
import re
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from demo import calls as calls_demo
from demo import repository as repository_demo
from repository.models import Practice
from reviews.choices import Criterion
from reviews.models import ReviewAssignment
from submissions.choices import SubmissionStatus
from submissions.models import Submission
from taxonomy.models import Objective
from tests.browser.conftest import assert_accessible, login
from tests.factories import CallFactory, UserFactory, give_totp, make_reviewer, totp_code

pytestmark = pytest.mark.browser

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
PASSWORD = "correct-horse-battery"  # the factories' password
NEWCOMER = ("Nadia Haddad", "nadia.haddad@example.org", "a-long-enough-passphrase")
TITLE = "Sign-language interpreters for deaf migrants at asylum interviews"
SUMMARY = (
    "Deaf people seeking asylum were interviewed with a qualified sign-language interpreter "
    "and a deaf relay interpreter, so that their claims were understood and heard fairly."
)
FRENCH_QUERY = "interprètes en langue des signes pour les demandeurs d'asile sourds"
ROSTER = [  # (email, name, internal)
    ("amara.diallo@un.example.org", "Amara Diallo", True),
    ("chloe.martin@example.org", "Chloé Martin", False),
    ("dev.patel@example.org", "Dev Patel", False),
]
CONSENTS = (
    "I have read the data-protection notice",
    "I confirm that the text and files contain no personal data",
    "I confirm that I may share this content",
)


@pytest.mark.parametrize("device", list(DEVICES))
def test_core_loop_journey(device, server, new_context, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call = _open_call_and_repository()
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True, name="Hana Tanaka"))
    reviewers = [_reviewer(email, name, internal) for email, name, internal in ROSTER]
    journey = Journey(server.url, new_context, DEVICES[device], device)

    newcomer = journey.page()
    sign_up(journey, newcomer)
    read_the_call(journey, newcomer, call)
    submission = fill_the_form(journey, newcomer)
    attach_a_file(journey, newcomer, tmp_path)
    reference = consent_and_submit(journey, newcomer, submission)

    desk = journey.page()
    curator_signs_in(journey, desk, curator)
    screen(journey, desk, submission, reference)
    suggest_and_invite(journey, desk, submission, reviewers)
    for number, person in enumerate(reviewers):
        accept_and_review(journey, person, audit=number == 0)
    approve(journey, desk, submission)
    find_it_in_french(journey, submission)


class Journey:
    """Where the server is, how to open a browser context on this device, and the page audit."""

    def __init__(self, url, new_context, device_options, device_name):
        self.url, self._new_context = url, new_context
        self.device_options, self.device_name = device_options, device_name
        self.shots = os.environ.get("JOURNEY_SHOTS")
        self._count = 0

    def page(self, **kwargs):
        return self._new_context(**self.device_options, **kwargs).new_page()

    def check(self, page, name: str) -> None:
        """axe on the page as it is now, and a screenshot when JOURNEY_SHOTS is set."""
        if self.shots:
            self._count += 1
            folder = Path(self.shots)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{self.device_name}-{self._count:02d}-{name}.png"
            page.screenshot(path=str(path), full_page=True)
        assert_accessible(page)


def _open_call_and_repository():
    """An open call, and the demo repository so the search has something to choose from."""
    calls_demo.load()
    repository_demo.load()
    call = CallFactory(
        title="Access to justice for migrants with disabilities",
        slug="access-justice-disabilities",
        summary="Practices that make procedures accessible to migrants with disabilities.",
    )
    call.objectives.set(Objective.objects.filter(number=7))
    return call


def _reviewer(email: str, name: str, internal: bool):
    user = make_reviewer(email=email, languages=("en",), objectives=(7,), internal=internal)
    user.name = name
    user.save(update_fields=["name"])
    return user


# 1. Sign up ---------------------------------------------------------------------------------


def sign_up(journey, page) -> None:
    name, email, password = NEWCOMER
    page.goto(journey.url + "/en/accounts/signup/")
    journey.check(page, "signup")
    form = page.locator("main form")
    form.locator("#id_name").fill(name)
    form.locator("#id_email").fill(email)
    form.locator("#id_password1").fill(password)
    form.locator("#id_password2").fill(password)
    form.locator("#id_accept_terms").check()
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your e-mail address")
    journey.check(page, "verify-sent")
    [message] = [m for m in mail.outbox if m.to == [email]]
    [link] = re.findall(r"https?://\S+/accounts/confirm-email/\S+/", str(message.body))
    page.goto(link)
    expect(page.locator("main")).to_contain_text(email)
    journey.check(page, "confirm-email")
    page.locator("main").get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(journey.url + "/en/")
    expect(page.get_by_role("link", name=name)).to_be_attached()
    journey.check(page, "home-signed-in")


# 2. Read the call and submit a practice ------------------------------------------------------


def read_the_call(journey, page, call) -> None:
    page.goto(journey.url + "/en/calls/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Calls for practices")
    journey.check(page, "calls")
    page.locator("main").get_by_role("link", name=call.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(call.title)
    journey.check(page, "call")
    page.locator("main").get_by_role("link", name="Submit a practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start")
    journey.check(page, "eligibility")
    form = page.locator("main form")
    form.get_by_label("The practice relates to at least one objective").check()
    form.get_by_label("Completed", exact=True).check()
    form.get_by_label("Yes", exact=True).check()
    form.get_by_role("button", name="Start my draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the practice")


def fill_the_form(journey, page):
    journey.check(page, "step-about")
    form = page.locator("main form[data-autosave]")
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Language of this submission").select_option("en")
    form.get_by_label("Project/Programme").check()
    form.get_by_label("Completed", exact=True).check()
    form.get_by_label("Start year").fill("2020")
    # Needed: a completed practice without an end year is accepted here but cannot be published.
    form.get_by_label("End year").fill("2024")
    form.get_by_label("Summary").fill(SUMMARY)
    _save_and_continue(page, "Objectives, principles and scope")
    journey.check(page, "step-scope")
    form.get_by_role("group", name="Primary GCM objectives").get_by_label(
        "7 - Reduce vulnerabilities"
    ).check()
    form.get_by_label("Human rights", exact=True).check()
    form.get_by_label("National", exact=True).check()
    form.get_by_label("Add a country").fill("Greece")  # suggested as typed; saved with the step
    _save_and_continue(page, "Results, lessons and recommendations")
    journey.check(page, "step-results")
    _fill_results(form)
    _save_and_continue(page, "Partners and focal point")
    journey.check(page, "step-partners")
    form.get_by_label(re.compile(r"^Main implementer")).fill("Hellenic Federation of the Deaf")
    form.get_by_label("Type of main implementer").select_option("ngo")
    form.get_by_label("Focal point: name").fill("Eleni Papadaki")
    form.get_by_label("Focal point: e-mail").fill("focal.point@example.org")
    _save_and_continue(page, "Files and consent")
    return Submission.objects.get(owner__email=NEWCOMER[1])


def _fill_results(form) -> None:
    form.get_by_label("Benefit and impact: key results").fill(
        "Ninety deaf applicants were interviewed with interpreters; none had to be heard again."
    )
    form.get_by_label("What is innovative").fill("A deaf relay interpreter works beside the other.")
    form.get_by_label("How others can replicate it").fill("The training guide is free to reuse.")
    form.get_by_label("Lessons learned").fill("Book the interpreters before the interview date.")


def _save_and_continue(page, next_title: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_title)


def attach_a_file(journey, page, tmp_path) -> None:
    picture = tmp_path / "interview-room.png"
    Image.new("RGB", (64, 48), (30, 120, 200)).save(picture, format="PNG")
    main = page.locator("main")
    files = main.locator("section", has=page.get_by_role("heading", name="Attached files"))
    files.get_by_label("Add a file").set_input_files(picture)
    files.get_by_role("button", name="Upload").click()
    expect(
        main.get_by_role("status").filter(has_text="interview-room.png was added.")
    ).to_be_visible()
    expect(files).to_contain_text("interview-room.png")
    journey.check(page, "step-files")


def consent_and_submit(journey, page, submission) -> str:
    main = page.locator("main")
    form = main.locator("form[data-autosave]")
    form.get_by_label("Creative Commons Attribution 4.0 (CC BY 4.0)").check()
    for consent in CONSENTS:
        form.get_by_label(consent).check()
    with page.expect_navigation():
        form.get_by_role("button", name="Save and review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and submit")
    expect(main).to_contain_text("interview-room.png")
    journey.check(page, "review-and-submit")
    for finding in main.locator("fieldset.finding").all():
        finding.get_by_label("It may be published").check()
    with page.expect_navigation():
        main.get_by_role("button", name="Submit", exact=True).click()
    confirmation = main.get_by_role("status").filter(has_text="Thank you.")
    expect(confirmation).to_contain_text(re.compile(r"HUB-\d{4}-\d{6}"))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    expect(confirmation).to_contain_text(submission.reference)
    journey.check(page, "receipt")
    return submission.reference


# 3. The curator screens and invites reviewers --------------------------------------------------


def curator_signs_in(journey, page, curator) -> None:
    login(page, _Server(journey.url), curator.email, PASSWORD)
    expect(page).to_have_url(journey.url + "/en/accounts/2fa/authenticate/")
    journey.check(page, "totp")
    left = 30 - time.time() % 30  # allauth accepts the current code only: avoid one expiring
    if left < 4:
        time.sleep(left + 0.2)
    page.locator("main").get_by_label(re.compile("code", re.I)).fill(totp_code())
    page.locator("main").get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(journey.url + "/en/")


class _Server:
    def __init__(self, url):
        self.url = url


def screen(journey, page, submission, reference) -> None:
    main = page.locator("main")
    page.goto(journey.url + "/en/peer-review/screening/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening and review queue")
    journey.check(page, "queue")
    main.get_by_role("row").filter(has_text=reference).get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(f"{journey.url}/en/peer-review/submissions/{submission.uuid}/")
    journey.check(page, "workspace-submitted")
    main.get_by_label("Send to review").check()
    main.get_by_role("button", name="Apply").click()
    expect(main.get_by_role("status").filter(has_text="Done.")).to_be_visible()
    expect(main.locator(".page-header__kicker")).to_contain_text("In review")


def suggest_and_invite(journey, page, submission, reviewers) -> None:
    main = page.locator("main")
    main.get_by_role("button", name="Suggest reviewers (optimal matching)").click()
    expect(main.get_by_role("status").filter(has_text="3 reviewers suggested.")).to_be_visible(
        timeout=60_000
    )
    section = main.get_by_role("region", name="Reviewers")
    for person in reviewers:
        row = section.locator("tbody tr").filter(
            has=page.get_by_role("rowheader", name=person.name)
        )
        kind = "internal (UN)" if person.is_un else "external"
        expect(row.get_by_role("rowheader")).to_contain_text(kind)
        expect(row.get_by_label(f"Invite {person.name}")).to_be_checked()
    journey.check(page, "workspace-suggested")
    section.get_by_role("button", name="Invite the selected reviewers").click()
    expect(main.get_by_role("status").filter(has_text="Invitations sent.")).to_be_visible()
    invited = ReviewAssignment.objects.filter(submission=submission, status="invited")
    assert sorted(a.is_internal for a in invited) == [False, False, True]


# 4. Each reviewer accepts and reviews ----------------------------------------------------------


def accept_and_review(journey, person, *, audit: bool) -> None:
    page = journey.page()
    login(page, _Server(journey.url), person.email, PASSWORD)
    [invitation] = [m for m in mail.outbox if m.to == [person.email] and TITLE in m.body]
    [path] = re.findall(
        r"https?://[^/\s]+(/\S*/peer-review/assignments/\S+/)", str(invitation.body)
    )
    page.goto(journey.url + path)  # the e-mail names the site's public address
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation to review")
    expect(main).not_to_contain_text("focal.point@example.org")  # blind review
    if audit:
        journey.check(page, "invitation")
    main.get_by_label("I accept to review").check()
    main.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review")
    if audit:
        journey.check(page, "rubric")
    for criterion in Criterion:
        main.get_by_role("group", name=str(criterion.label)).get_by_label("4", exact=True).check()
    main.get_by_label("Comments for the submitter").fill("Clear results; say how many were heard.")
    main.get_by_role("group", name="Your recommendation").get_by_label(
        "Approve", exact=True
    ).check()
    main.get_by_label("I have no conflict of interest").check()
    main.get_by_role("button", name="Send my review").click()
    expect(
        main.get_by_role("status").filter(has_text="Your review has been sent. Thank you.")
    ).to_be_visible()
    if audit:
        journey.check(page, "review-sent")


# 5. The curator approves -----------------------------------------------------------------------


def approve(journey, page, submission) -> None:
    main = page.locator("main")
    page.reload()
    reviews = main.get_by_role("region", name="Reviews").locator(".review-card")
    expect(reviews).to_have_count(3)
    journey.check(page, "workspace-reviewed")
    main.get_by_role("link", name="Approve", exact=True).click()
    expect(main.get_by_label("Approve")).to_be_checked()
    journey.check(page, "decision")
    main.get_by_role("button", name="Record the decision").click()
    expect(main.locator(".page-header__kicker")).to_contain_text("Published")
    journey.check(page, "workspace-published")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED


# 6. A visitor finds it in French ---------------------------------------------------------------


def find_it_in_french(journey, submission) -> None:
    practice = Practice.objects.get(source_submission_id=submission.pk)
    page = journey.page(locale="fr-FR")
    page.goto(journey.url + "/fr/practices/?" + _query(FRENCH_QUERY))
    journey.check(page, "search-fr")
    results = page.locator("main .card__title a")
    expect(results.first).to_be_visible()
    # Written in English, found from French among the first results (the demo has 40 others).
    # It ranks second today, behind a French practice sharing the query's words.
    top = [text.strip() for text in results.all_inner_texts()[:3]]
    assert TITLE in top, top
    results.get_by_text(TITLE, exact=True).click()
    expect(page).to_have_url(journey.url + "/fr" + practice.get_absolute_url()[3:])
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    journey.check(page, "practice-fr")


def _query(text: str) -> str:
    return urlencode({"q": text})
