"""The whole journey of a submitter: register, read a call, fill the Word template offline,
import it into a draft, finish the steps online, submit, and get a receipt with a PDF copy."""

import re

import pytest
from django.core import mail
from docx import Document
from PIL import Image
from playwright.sync_api import expect

from submissions.models import Submission
from taxonomy.models import Objective
from tests.browser.conftest import assert_accessible
from tests.factories import CallFactory

pytestmark = pytest.mark.browser

EMAIL = "kofi.mensah@example.org"
NAME = "Kofi Mensah"
PASSWORD = "a-long-enough-passphrase"
TITLE = "Council shelters for young people escaping trafficking"

# What the offline author types into the Word template: marker -> text.
WORD_TEXT = {
    "[title]": TITLE,
    "[language]": "English",
    "[start_year]": "2019",
    "[summary]": "Councils opened small shelters where young people who escaped trafficking "
    "could rest, get care and go back to school.",
    "[countries]": "Ghana",
    "[results]": "Four hundred young people were housed.\nNine in ten went back to school.",
    "[innovation]": "The shelters are run by councils together with peer mentors.",
    "[replicability]": "A manual and a budget template are free to reuse.",
    "[lessons]": "Tracing families early shortens the stay in a shelter.",
    "[implementer]": "Department of Social Welfare",
    "[focal_point_name]": "Ama Owusu",
    "[focal_point_email]": "focal.point@example.org",
}
# Boxes the author ticks: marker -> label of the option.
WORD_TICKS = {
    "[practice_type]": "Project/Programme",
    "[completion]": "Completed",
    "[objectives]": "10 - Eradicate trafficking",
    "[principles]": "Child-sensitive",
    "[scope]": "National",
    "[implementer_type]": "Government",
    "[licence]": "Creative Commons Attribution 4.0 (CC BY 4.0)",
}
# What the draft holds once the template is imported.
IMPORTED = {
    "title": TITLE,
    "language": "en",
    "practice_type": "project",
    "completion": "completed",
    "start_year": 2019,
    "summary": WORD_TEXT["[summary]"],
    "objectives": ["10"],
    "principles": ["child-sensitive"],
    "scope": "national",
    "countries": ["GH"],
    "results": WORD_TEXT["[results]"],
    "innovation": WORD_TEXT["[innovation]"],
    "replicability": WORD_TEXT["[replicability]"],
    "lessons": WORD_TEXT["[lessons]"],
    "implementer": "Department of Social Welfare",
    "implementer_type": "government",
    "focal_point_name": "Ama Owusu",
    "focal_point_email": "focal.point@example.org",
    "licence": "cc-by-4.0",
}
CONSENTS = (
    "I have read the data-protection notice",
    "I confirm that the text and files contain no personal data",
    "I confirm that I may share this content",
)


def test_submission_journey(server, page, new_context, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call = CallFactory(
        title="Ending trafficking in West Africa",
        slug="ending-trafficking-west-africa",
        summary="Practices that protect people from trafficking along West African routes.",
        context="Trafficking networks adapt quickly; **local** responses matter.",
    )
    call.objectives.set(Objective.objects.filter(number=10))

    _register(page, server)

    # 2. Find the call and read it.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Calls for practices"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calls for practices")
    assert_accessible(page)
    open_now = page.locator("section", has=page.get_by_role("heading", name="Open now"))
    open_now.get_by_role("link", name=call.title).click()
    expect(page).to_have_url(f"{server.url}/en/calls/{call.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(call.title)
    main = page.locator("main")
    expect(main.get_by_role("list", name="GCM objectives")).to_contain_text("10")
    expect(main.get_by_role("heading", name="Context")).to_be_visible()
    expect(main).to_contain_text("local responses matter")
    assert_accessible(page)

    # 3. Download the Word template and fill it in as a person would.
    with page.expect_download() as download_info:
        main.get_by_role("link", name="Download the Word template for practices").click()
    download = download_info.value
    assert download.suggested_filename == "hub-practice-template-en.docx"
    document = Document(download.path())
    assert call.title in [p.text for p in document.paragraphs]
    for marker, text in WORD_TEXT.items():
        _write(document, marker, text)
    for marker, label in WORD_TICKS.items():
        _tick(document, marker, label)
    filled = tmp_path / "my-practice.docx"
    document.save(filled)

    # 4. Start a draft from the call: the eligibility check, then step 1.
    main.get_by_role("link", name="Submit a practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start")
    expect(main).to_contain_text(call.title)
    assert_accessible(page)
    form = main.locator("form")
    form.get_by_label("The practice relates to at least one objective").check()
    form.get_by_label("Completed", exact=True).check()
    form.get_by_label("Yes", exact=True).check()
    form.get_by_role("button", name="Start my draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the practice")
    submission = Submission.objects.get(owner__email=EMAIL)
    assert submission.call == call
    assert submission.status == "draft"
    step_url = f"{server.url}/en/submit/{submission.uuid}/step/"
    expect(page).to_have_url(step_url + "about/")
    assert_accessible(page)

    # The status page of the draft, through "My submissions", and "Import from Word".
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="My submissions"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My submissions")
    assert_accessible(page)
    main.get_by_role("link", name="Untitled draft").click()
    expect(page).to_have_url(f"{server.url}/en/submit/{submission.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Untitled draft")
    assert_accessible(page)
    main.get_by_label("Completed Word template (.docx)").set_input_files(filled)
    main.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from Word")
    report = main.get_by_role("status").filter(has_text="imported into your draft")
    expect(report).to_be_visible()
    count = int(re.search(r"(\d+) fields? w", report.inner_text()).group(1))
    assert count == len(IMPORTED) > 5
    problems = main.locator(".notice--warning li")
    for problem in problems.all():  # none expected; if any, each must name its field
        expect(problem.locator("strong")).not_to_be_empty()
    expect(problems).to_have_count(0)
    assert_accessible(page)
    submission.refresh_from_db()
    assert {name: submission.data.get(name) for name in IMPORTED} == IMPORTED

    # 5. Walk the steps; the imported answers are there, the rest is completed online.
    main.get_by_role("link", name="Back to the submission").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main.get_by_role("region", name="Content")).to_contain_text("Eradicate trafficking")
    assert_accessible(page)
    main.get_by_role("link", name="Continue editing").click()
    expect(page).to_have_url(step_url + "about/")
    assert_accessible(page)
    form = main.locator("form[data-autosave]")
    expect(form.get_by_label("Title")).to_have_value(TITLE)
    expect(form.get_by_label("Language of this submission")).to_have_value("en")
    expect(form.get_by_label("Project/Programme")).to_be_checked()
    expect(form.get_by_label("Completed", exact=True)).to_be_checked()
    expect(form.get_by_label("Start year")).to_have_value("2019")
    expect(form.get_by_label("End year")).to_have_value("")
    _save_and_continue(page, "Objectives, principles and scope")
    expect(page).to_have_url(step_url + "scope/")
    assert_accessible(page)
    primary = form.get_by_role("group", name="Primary GCM objectives")
    expect(primary.get_by_label("10 - Eradicate trafficking")).to_be_checked()
    expect(primary.locator("input:checked")).to_have_count(1)
    expect(form.get_by_label("Child-sensitive")).to_be_checked()
    expect(form.get_by_label("National", exact=True)).to_be_checked()
    expect(form.get_by_role("group", name="Countries").get_by_label("Ghana")).to_be_checked()
    _save_and_continue(page, "Results, lessons and recommendations")
    expect(page).to_have_url(step_url + "results/")
    assert_accessible(page)
    expect(form.get_by_label("Benefit and impact: key results")).to_have_value(
        WORD_TEXT["[results]"]
    )
    form.get_by_label("Sustainability").fill("Councils now fund the shelters from their budget.")
    _save_and_continue(page, "Partners and focal point")
    expect(page).to_have_url(step_url + "partners/")
    assert_accessible(page)
    expect(form.get_by_label(re.compile(r"^Main implementer:"))).to_have_value(
        "Department of Social Welfare"
    )
    expect(form.get_by_label("Type of main implementer")).to_have_value("government")
    expect(form.get_by_label("Focal point: e-mail")).to_have_value("focal.point@example.org")
    _save_and_continue(page, "Files and consent")
    expect(page).to_have_url(step_url + "files/")
    assert_accessible(page)

    # Attach a real picture; it is listed under the form.
    picture = tmp_path / "shelter-opening.png"
    Image.new("RGB", (64, 48), (30, 120, 200)).save(picture, format="PNG")
    files = main.locator("section", has=page.get_by_role("heading", name="Attached files"))
    expect(files).to_contain_text("No file attached yet.")
    files.get_by_label("Add a file").set_input_files(picture)
    files.get_by_role("button", name="Upload").click()
    expect(
        main.get_by_role("status").filter(has_text="shelter-opening.png was added.")
    ).to_be_visible()
    expect(files.locator(".file-list li")).to_have_count(1)
    expect(files.locator(".file-list li")).to_contain_text("shelter-opening.png")
    expect(files.get_by_role("button", name="Remove shelter-opening.png")).to_be_visible()
    assert_accessible(page)

    expect(form.get_by_label("Creative Commons Attribution 4.0 (CC BY 4.0)")).to_be_checked()
    for consent in CONSENTS:
        form.get_by_label(consent).check()
    with page.expect_navigation():
        form.get_by_role("button", name="Save and review").click()

    # 6. Review, answer the personal-data check if it asks anything, and submit.
    expect(page).to_have_url(f"{server.url}/en/submit/{submission.uuid}/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and submit")
    expect(main.locator(".error-summary")).to_have_count(0)
    expect(main).to_contain_text(TITLE)
    expect(main).to_contain_text("Councils now fund the shelters from their budget.")
    expect(main.locator("ul", has_text="shelter-opening.png")).to_be_visible()
    assert_accessible(page)
    findings = main.locator("fieldset.finding")
    for finding in findings.all():
        finding.get_by_label("It may be published").check()
    with page.expect_navigation():
        main.get_by_role("button", name="Submit", exact=True).click()

    expect(page).to_have_url(f"{server.url}/en/submit/{submission.uuid}/")
    confirmation = main.get_by_role("status").filter(has_text="Thank you.")
    expect(confirmation).to_contain_text(re.compile(r"Your submission HUB-\d{4}-\d{6} has been"))
    submission.refresh_from_db()
    assert submission.status == "submitted"
    assert re.fullmatch(r"HUB-\d{4}-\d{6}", submission.reference)
    expect(confirmation).to_contain_text(submission.reference)
    expect(main.locator(".page-header__kicker")).to_contain_text(
        f"Submitted · Practice · Reference {submission.reference}"
    )
    timeline = main.get_by_role("region", name="Status").locator("li")
    expect(timeline).to_have_count(7)
    submitted = timeline.filter(has_text="Submitted")
    expect(submitted).to_have_class(re.compile(r"\bis-done\b.*\bis-current\b"))
    expect(submitted).to_contain_text("(current status)")
    expect(timeline.filter(has_text="Screening")).not_to_have_class(re.compile(r"is-done"))
    assert_accessible(page)

    receipts = [m for m in mail.outbox if m.to == [EMAIL] and m.attachments]
    assert len(receipts) == 1
    receipt = receipts[0]
    assert submission.reference in receipt.subject + receipt.body
    [(filename, content, mimetype)] = receipt.attachments
    assert (filename, mimetype) == (f"{submission.reference}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")

    # 7. Without JavaScript the same person can start another draft and save step 1.
    no_js = new_context(
        java_script_enabled=False, storage_state=page.context.storage_state()
    ).new_page()
    no_js.goto(server.url + "/en/submit/")
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Before you start")
    no_js_main = no_js.locator("main")
    no_js_main.get_by_label("The practice relates to at least one objective").check()
    no_js_main.get_by_label("Mostly completed").check()
    no_js_main.get_by_label("Yes", exact=True).check()
    no_js_main.get_by_role("button", name="Start my draft").click()
    expect(no_js.get_by_role("heading", level=1)).to_have_text("About the practice")
    second = Submission.objects.filter(owner=submission.owner).exclude(pk=submission.pk).get()
    assert second.call is None
    no_js_form = no_js_main.locator("form[data-autosave]")
    expect(no_js_form.get_by_label("Mostly completed")).to_be_checked()  # from the check
    no_js_form.get_by_label("Title").fill("Mobile legal clinics along the coast")
    no_js_form.get_by_label("Language of this submission").select_option("en")
    no_js_form.get_by_label("Policy, including law or public measure").check()
    no_js_form.get_by_label("Start year").fill("2021")
    no_js_form.get_by_label("Summary").fill("Lawyers visit fishing towns to advise migrants.")
    no_js_form.get_by_role("button", name="Save draft").click()
    expect(no_js).to_have_url(f"{server.url}/en/submit/{second.uuid}/step/about/")
    expect(no_js_main.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
    expect(no_js_form.get_by_label("Title")).to_have_value("Mobile legal clinics along the coast")
    second.refresh_from_db()
    assert second.title == "Mobile legal clinics along the coast"
    assert second.status == "draft"
    assert second.revision == 1
    assert second.data["start_year"] == 2021
    assert second.data["practice_type"] == "policy"


def _register(page, server) -> None:
    """1. Register, confirm the address from the e-mail, end signed in."""
    page.goto(server.url + "/en/accounts/signup/")
    assert_accessible(page)
    form = page.locator("main form")
    form.get_by_label("Full name").fill(NAME)
    form.get_by_label("Email").fill(EMAIL)
    form.locator("#id_password1").fill(PASSWORD)
    form.locator("#id_password2").fill(PASSWORD)
    form.locator("#id_accept_terms").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Verify your e-mail address")
    assert_accessible(page)
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    links = re.findall(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert len(links) == 1, mail.outbox[0].body
    page.goto(links[0])
    expect(page.locator("main")).to_contain_text(EMAIL)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(server.url + "/en/")
    account_nav = page.get_by_role("navigation", name="Your account")
    expect(account_nav.get_by_role("link", name=NAME)).to_be_visible()
    assert_accessible(page)


def _save_and_continue(page, next_title: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_title)
    expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()


def _row(document, marker: str):
    rows = [row for table in document.tables for row in table.rows if marker in row.cells[0].text]
    assert len(rows) == 1, f"{marker} is in {len(rows)} rows of the template"
    return rows[0]


def _write(document, marker: str, text: str) -> None:
    cell = _row(document, marker).cells[1]
    assert [p.text for p in cell.paragraphs] == [""], f"{marker} is not an empty text cell"
    first, *more = text.split("\n")
    cell.paragraphs[0].add_run(first)
    for line in more:
        cell.add_paragraph(line)


def _tick(document, marker: str, label: str) -> None:
    cell = _row(document, marker).cells[1]
    boxes = [p for p in cell.paragraphs if p.text == f"☐ {label}"]
    assert len(boxes) == 1, f"no box “{label}” for {marker}: {[p.text for p in cell.paragraphs]}"
    run = next(r for r in boxes[0].runs if "☐" in r.text)
    run.text = run.text.replace("☐", "☒", 1)
