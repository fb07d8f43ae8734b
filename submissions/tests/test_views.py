import io
import uuid

import pytest
from django.core import mail
from django.utils import timezone
from docx import Document

from calls.choices import CallStatus
from search.services import index_item
from submissions.choices import SubmissionStatus
from submissions.models import Submission
from tests.factories import (
    COMPLETE_PRACTICE,
    CallFactory,
    PracticeFactory,
    SubmissionFactory,
    UserFactory,
)
from tests.matrix import Case, check_matrix, make_actor

pytestmark = pytest.mark.django_db


def test_start_checks_eligibility_then_opens_the_first_step(client):
    user = UserFactory()
    client.force_login(user)
    call = CallFactory(slug="open-call")
    response = client.post(
        "/en/submit/?call=open-call",
        {"relates_to_objective": "on", "completion": "completed", "started_after_2018": "no"},
        follow=True,
    )
    submission = Submission.objects.get(owner=user)
    assert submission.call == call
    assert response.redirect_chain[-1][0] == f"/en/submit/{submission.uuid}/step/about/"
    assert "before December 2018" in response.content.decode()  # a warning, not a block


def test_ongoing_practices_are_not_eligible_yet(client):
    client.force_login(UserFactory())
    response = client.post(
        "/fr/submit/",
        {"relates_to_objective": "on", "completion": "ongoing", "started_after_2018": "yes"},
    )
    assert response.status_code == 200
    assert not Submission.objects.exists()
    assert 'class="error-summary"' in response.content.decode()


def test_a_step_saves_even_invalid_input_and_shows_errors_next_to_fields(client):
    submission = SubmissionFactory(data={})
    client.force_login(submission.owner)
    response = client.post(
        f"/en/submit/{submission.uuid}/step/about/",
        {"revision": "0", "title": "Half-written title", "start_year": "twenty", "action": "next"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_summary"' in body
    assert 'id="id_start_year_error"' in body
    submission.refresh_from_db()
    assert submission.data["title"] == "Half-written title"
    assert submission.data["start_year"] == "twenty"  # kept as typed, nothing lost


def test_valid_step_moves_to_the_next_one(client):
    submission = SubmissionFactory()
    client.force_login(submission.owner)
    data = {
        key: value
        for key, value in COMPLETE_PRACTICE.items()
        if key
        in {"title", "language", "practice_type", "completion", "start_year", "end_year", "summary"}
    }
    response = client.post(
        f"/en/submit/{submission.uuid}/step/about/", {**data, "revision": "0", "action": "next"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/step/scope/")


def test_conflicting_edit_is_shown_not_overwritten(client):
    submission = SubmissionFactory(data={"title": "Original"})
    colleague = UserFactory()
    submission.co_submitters.add(colleague)
    other = client.__class__()
    other.force_login(colleague)
    other.post(
        f"/en/submit/{submission.uuid}/step/about/",
        {"revision": "0", "title": "Colleague's title", "action": "stay"},
    )
    client.force_login(submission.owner)
    response = client.post(
        f"/en/submit/{submission.uuid}/step/about/",
        {"revision": "0", "title": "My title", "action": "stay"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "My title" in body
    assert "Colleague&#x27;s title" in body
    submission.refresh_from_db()
    assert submission.data["title"] == "Colleague's title"


def test_expired_session_keeps_what_was_typed(client):
    submission = SubmissionFactory(data={})
    response = client.post(
        f"/en/submit/{submission.uuid}/step/about/",
        {"revision": "0", "title": "Typed before expiry", "action": "next"},
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(submission.owner)
    response = client.get(f"/en/submit/{submission.uuid}/step/about/")
    submission.refresh_from_db()
    assert submission.data["title"] == "Typed before expiry"
    assert "session had expired" in response.content.decode()


def test_autosave_saves_and_returns_the_new_revision(client):
    submission = SubmissionFactory(data={})
    client.force_login(submission.owner)
    response = client.post(
        f"/en/submit/{submission.uuid}/autosave/",
        {"step": "about", "revision": "0", "title": "Autosaved"},
    )
    assert response.json() == {"status": "saved", "revision": 1, "conflicts": []}
    submission.refresh_from_db()
    assert submission.data["title"] == "Autosaved"


def test_review_page_submits_once_even_when_posted_twice(
    client, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    client.force_login(submission.owner)
    key = str(uuid.uuid4())
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/en/submit/{submission.uuid}/review/", {"action": "submit", "submit_key": key}
            )
        assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.versions.count() == 1
    assert len(mail.outbox) == 1
    page = client.get(submission.get_absolute_url()).content.decode()
    assert submission.reference in page


def test_review_lists_the_steps_to_complete(client):
    submission = SubmissionFactory(data={"title": "Only a title"})
    client.force_login(submission.owner)
    body = client.get(f"/en/submit/{submission.uuid}/review/").content.decode()
    assert f"/en/submit/{submission.uuid}/step/scope/" in body
    assert "Before you can submit" in body


def test_closed_call_form_is_closed_but_the_draft_stays_readable_and_exportable(client):
    call = CallFactory(status=CallStatus.OPEN)
    submission = SubmissionFactory(call=call)
    call.deadline = timezone.now() - timezone.timedelta(minutes=1)
    call.save()
    client.force_login(submission.owner)
    body = client.get(f"/en/submit/{submission.uuid}/review/").content.decode()
    assert "deadline of this call has passed" in body
    response = client.post(
        f"/en/submit/{submission.uuid}/review/",
        {"action": "submit", "submit_key": str(uuid.uuid4())},
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert client.get(submission.get_absolute_url()).status_code == 200
    export = client.get(f"/en/submit/{submission.uuid}/export.docx")
    assert export.status_code == 200
    assert export.content[:2] == b"PK"
    assert response.status_code == 302


def test_word_template_download_and_import_fill_the_draft(client):
    client.force_login(UserFactory())
    template = client.get("/fr/submit/template/practice.docx")
    assert template.status_code == 200
    document = Document(io.BytesIO(template.content))
    for table in document.tables:
        for row in table.rows:
            if "[title]" in row.cells[0].text:
                row.cells[1].text = "Pratique importée depuis Word"
            if "[start_year]" in row.cells[0].text:
                row.cells[1].text = "vingt"
    buffer = io.BytesIO()
    document.save(buffer)
    submission = SubmissionFactory(data={})
    client.force_login(submission.owner)
    buffer.name = "filled.docx"
    buffer.seek(0)
    response = client.post(f"/en/submit/{submission.uuid}/import/", {"file": buffer})
    body = response.content.decode()
    assert "could not be read" in body
    assert "Start year" in body
    submission.refresh_from_db()
    assert submission.data["title"] == "Pratique importée depuis Word"


def test_upload_rejects_a_disguised_file_with_the_reason(client):
    submission = SubmissionFactory()
    client.force_login(submission.owner)
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "report.pdf"
    response = client.post(f"/en/submit/{submission.uuid}/files/", {"file": fake}, follow=True)
    assert submission.attachments.count() == 0
    assert "notice--error" in response.content.decode()


def test_withdraw_needs_confirmation(client):
    submission = SubmissionFactory(status=SubmissionStatus.SUBMITTED)
    client.force_login(submission.owner)
    assert client.get(f"/en/submit/{submission.uuid}/withdraw/").status_code == 200
    client.post(f"/en/submit/{submission.uuid}/withdraw/", {"reason": "Sent twice"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN


def test_my_submissions_lists_own_and_co_edited_with_constant_queries(
    client, django_assert_max_num_queries
):
    user = UserFactory()
    for _ in range(2):
        SubmissionFactory(owner=user)
    shared = SubmissionFactory()
    shared.co_submitters.add(user)
    SubmissionFactory()  # someone else's
    client.force_login(user)
    with django_assert_max_num_queries(12) as few:
        body = client.get("/en/submit/mine/").content.decode()
    assert body.count("/en/submit/") >= 3
    for _ in range(10):
        SubmissionFactory(owner=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/submit/mine/")


def test_permission_matrix_for_submission_urls():
    owner = make_actor("member")
    co = make_actor("member")
    draft = SubmissionFactory(owner=owner)
    draft.co_submitters.add(co)
    sent = SubmissionFactory(owner=owner, status=SubmissionStatus.SUBMITTED)
    roles = {"owner": owner, "co_submitter": co}

    def url(submission, suffix=""):
        return f"/en/submit/{submission.uuid}/{suffix}"

    cases = [
        Case("/en/submit/", {"anonymous": "login", "*": "ok"}),
        Case("/en/submit/mine/", {"anonymous": "login", "*": "ok"}),
        Case("/en/submit/template/practice.docx", {"*": "ok"}),
        Case(
            url(draft),
            {
                "anonymous": "login",
                "owner": "ok",
                "co_submitter": "ok",
                "curator": "ok",
                "administrator": "ok",
                "*": "hidden",
            },
        ),
        Case(
            url(draft, "step/about/"),
            {"anonymous": "login", "owner": "ok", "co_submitter": "ok", "*": "hidden"},
        ),
        Case(
            url(draft, "review/"),
            {
                "anonymous": "login",
                "owner": "ok",
                "co_submitter": "ok",
                "curator": "hidden",
                "administrator": "hidden",
                "*": "hidden",
            },
        ),
        Case(
            url(sent, "step/about/"),
            {
                "anonymous": "login",
                "owner": "redirect",
                "co_submitter": "hidden",
                "curator": "redirect",
                "administrator": "redirect",
                "*": "hidden",
            },
        ),
        Case(url(draft, "withdraw/"), {"anonymous": "login", "owner": "ok", "*": "hidden"}),
        Case(
            url(draft, "export.docx"),
            {
                "anonymous": "login",
                "owner": "ok",
                "co_submitter": "ok",
                "curator": "ok",
                "administrator": "ok",
                "*": "hidden",
            },
        ),
    ]
    assert (
        check_matrix(
            cases,
            roles=(
                "anonymous",
                "member",
                "reviewer",
                "curator",
                "administrator",
                "owner",
                "co_submitter",
            ),
            actors=roles,
        )
        == []
    )


def test_form_warns_about_very_similar_published_practices(client):
    published = PracticeFactory(
        title="Community shelters for child survivors of trafficking",
        summary=COMPLETE_PRACTICE["summary"],
    )
    index_item(published)
    other = PracticeFactory(
        title="Digital remittances with low fees",
        summary="A mobile wallet cuts the cost of sending money home.",
    )
    index_item(other)
    submission = SubmissionFactory()
    client.force_login(submission.owner)
    body = client.get(f"/en/submit/{submission.uuid}/step/about/").content.decode()
    assert published.get_absolute_url() in body
    assert other.get_absolute_url() not in body
