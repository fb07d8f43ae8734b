"""Private files (CVs, attachments) and what reviewers and the Hub team see of submissions:
blind review driven by the field definitions, neutral attachment names, per-criterion comments
with translated labels, and the attachments in the curator workspace."""

import io
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from reviews.choices import Criterion
from reviews.models import Review, ReviewAssignment, RosterApplication
from reviews.services.workflow import review_submit
from reviews.tests.test_roster import form_data
from submissions.fields import CONTENT_TYPES
from submissions.models import SubmissionVersion
from submissions.services import attachment_add
from tests.factories import (
    COMPLETE_PRACTICE,
    CallFactory,
    SubmissionFactory,
    UserFactory,
    give_totp,
    make_reviewer,
)
from tests.matrix import Case, check_matrix, make_actor

pytestmark = pytest.mark.django_db

COMPLETE_RESOURCE = {
    "title": "Return and reintegration: a review of the evidence",
    "resource_type": "report",
    "language": "en",
    "publisher": "ACME Research Institute",
    "authors": "Jane Example\nJohn Sample",
    "year": 2024,
    "url": "https://acme-research.example.org/reintegration",
    "abstract": "What helps people who return to rebuild their lives, from forty studies.",
    "objectives": ["21"],
    "scope": "global",
    "focal_point_name": "Jane Example",
    "focal_point_email": "jane@acme-research.example.org",
    "licence": "cc-by-4.0",
}


def pdf_upload(name: str, author: str = "ACME NGO") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": author, "/Creator": f"{author} office"})
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def docx_upload(name: str, author: str = "ACME NGO") -> SimpleUploadedFile:
    document = docx.Document()
    document.add_paragraph("Our evaluation.")
    document.core_properties.author = author
    document.core_properties.title = f"{author} budget"
    document.core_properties.last_modified_by = author
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def in_review(*, content_type="practice", data=None, blind=True, files=()):
    """A submission in review (attachments added through the upload gate while it was a
    draft) and one reviewer who has accepted it."""
    owner = UserFactory(roles=["member"])
    submission = SubmissionFactory(
        owner=owner,
        content_type=content_type,
        data=dict(data or COMPLETE_PRACTICE),
        call=CallFactory(blind_review=blind),
    )
    for upload in files:
        attachment_add(submission=submission, actor=owner, upload=upload)
    submission.status = "in_review"
    submission.save(update_fields=["status"])
    reviewer = make_reviewer(email=f"reviewer-{submission.pk}@example.org")
    assignment = ReviewAssignment.objects.create(
        submission=submission, reviewer=reviewer, status="accepted", version=1
    )
    return submission, assignment


def reviewer_page(client, assignment) -> str:
    client.force_login(assignment.reviewer)
    response = client.get(f"/en/peer-review/assignments/{assignment.pk}/review/")
    assert response.status_code == 200
    return response.content.decode()


# --- B. Blind review ------------------------------------------------------------------------


def test_identifying_fields_come_from_the_field_definitions():
    assert {"publisher", "authors", "url", "focal_point_name"} <= (
        CONTENT_TYPES["resource"].identifying_fields()
    )
    assert {"implementer", "partners", "links", "focal_point_email"} <= (
        CONTENT_TYPES["practice"].identifying_fields()
    )
    assert "title" not in CONTENT_TYPES["resource"].identifying_fields()


def test_blind_review_of_a_resource_hides_publisher_authors_and_link(client):
    _, assignment = in_review(content_type="resource", data=COMPLETE_RESOURCE)
    body = reviewer_page(client, assignment)
    assert "What helps people who return" in body  # the abstract is reviewed
    assert "ACME Research Institute" not in body
    assert "Jane Example" not in body
    assert "acme-research.example.org" not in body


def test_open_review_of_a_resource_shows_the_publisher(client):
    _, assignment = in_review(content_type="resource", data=COMPLETE_RESOURCE, blind=False)
    body = reviewer_page(client, assignment)
    assert "ACME Research Institute" in body
    assert "jane@acme-research.example.org" not in body  # contact details are never shown


def test_blind_reviewers_get_attachments_under_neutral_names_without_metadata(client):
    _, assignment = in_review(
        files=[pdf_upload("ACME_NGO_evaluation.pdf"), docx_upload("ACME_budget.docx")]
    )
    body = reviewer_page(client, assignment)
    assert "ACME" not in body
    assert "Attachment 1.pdf" in body
    assert "Attachment 2.docx" in body
    files = list(assignment.submission.attachments.order_by("created_at", "pk"))

    response = client.get(f"/en/peer-review/assignments/{assignment.pk}/files/{files[0].pk}/")
    assert response.status_code == 200
    assert "Attachment 1.pdf" in response["Content-Disposition"]
    assert "ACME" not in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert b"ACME" not in content
    metadata = PdfReader(io.BytesIO(content)).metadata
    assert not metadata

    response = client.get(f"/en/peer-review/assignments/{assignment.pk}/files/{files[1].pk}/")
    assert "Attachment 2.docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    assert document.core_properties.author == ""
    assert document.core_properties.last_modified_by == ""
    assert document.core_properties.title == ""
    assert document.paragraphs[0].text == "Our evaluation."


def test_open_review_offers_attachments_under_their_own_names(client):
    _, assignment = in_review(blind=False, files=[pdf_upload("ACME_NGO_evaluation.pdf")])
    assert "ACME_NGO_evaluation.pdf" in reviewer_page(client, assignment)


# --- A. Private storage and permission-checked serving --------------------------------------


def test_attachments_are_stored_privately_under_random_names():
    submission, _ = in_review(files=[pdf_upload("ACME_NGO_evaluation.pdf")])
    attachment = submission.attachments.get()
    assert attachment.name == "ACME_NGO_evaluation.pdf"  # kept for display
    assert "ACME" not in attachment.file.name
    assert str(submission.uuid) not in attachment.file.name
    path = Path(attachment.file.path).resolve()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="no public URL"):
        attachment.file.url  # noqa: B018 (no public address exists)


def test_attachment_urls_in_the_permission_matrix_for_every_role(client):
    submission, assignment = in_review(files=[pdf_upload("report.pdf")])
    attachment = submission.attachments.get()
    co_submitter = UserFactory(roles=["member"])
    submission.co_submitters.add(co_submitter)
    other = make_reviewer(email="other-reviewer@example.org")
    own = {"anonymous": "login", "curator": "ok", "administrator": "ok", "*": "hidden"}
    cases = [
        Case(
            f"/en/submit/{submission.uuid}/files/{attachment.pk}/",
            {**own, "owner": "ok", "co_submitter": "ok"},
        ),
        Case(
            f"/en/peer-review/assignments/{assignment.pk}/files/{attachment.pk}/",
            {"anonymous": "login", "assigned_reviewer": "ok", "*": "hidden"},
        ),
        # a missing file is 404 for everyone signed in, the owner and the team included
        Case(
            f"/en/submit/{submission.uuid}/files/{attachment.pk + 999}/",
            {"anonymous": "login", "*": "hidden"},
        ),
    ]
    actors = {
        "owner": submission.owner,
        "co_submitter": co_submitter,
        "assigned_reviewer": assignment.reviewer,
        "other_reviewer": other,
    }
    roles = (
        "anonymous",
        "member",
        "reviewer",
        "owner",
        "co_submitter",
        "assigned_reviewer",
        "other_reviewer",
        "curator",
        "moderator",
        "administrator",
    )
    assert check_matrix(cases, roles=roles, actors=actors) == []


def _apply_with_cv(client, name="Jane_Doe_CV.pdf"):
    user = UserFactory(roles=["member"])
    client.force_login(user)
    response = client.post("/en/peer-review/apply/", form_data(cv=pdf_upload(name, "Jane Doe")))
    assert response.status_code == 302
    client.logout()
    return RosterApplication.objects.get(user=user)


def test_cvs_are_private_randomly_named_and_linked_through_a_checked_view(client):
    application = _apply_with_cv(client)
    assert application.cv_name == "Jane_Doe_CV.pdf"
    assert "Jane" not in application.cv.name
    assert str(application.user_id) not in application.cv.name.split("/")[0]
    assert (
        not Path(application.cv.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    )
    curator = UserFactory(roles=["member", "curator"], is_staff=True)

    client.force_login(give_totp(curator))
    body = client.get(f"/en/peer-review/applications/{application.pk}/").content.decode()
    cv_url = f"/en/peer-review/applications/{application.pk}/cv/"
    assert f'href="{cv_url}"' in body
    assert "/media/" not in body
    response = client.get(cv_url)
    assert response.status_code == 200
    assert "Jane_Doe_CV.pdf" in response["Content-Disposition"]
    assert b"Jane Doe" not in b"".join(response.streaming_content)


def test_cv_url_in_the_permission_matrix_for_every_role(client):
    application = _apply_with_cv(client)
    cases = [
        Case(
            f"/en/peer-review/applications/{application.pk}/cv/",
            {"curator": "ok", "administrator": "ok", "*": "hidden"},
        ),
        Case(f"/en/peer-review/applications/{application.pk + 999}/cv/", {"*": "hidden"}),
    ]
    actors = {"applicant": application.user}
    roles = (
        "anonymous",
        "member",
        "applicant",
        "reviewer",
        "curator",
        "moderator",
        "administrator",
    )
    assert check_matrix(cases, roles=roles, actors=actors) == []


# --- C. The Hub team sees everything written and attached -----------------------------------


def _reviewed(files=()):
    submission, assignment = in_review(files=files)
    review_submit(
        assignment=assignment,
        actor=assignment.reviewer,
        scores={c.value: 4 for c in Criterion} | {"cross_cutting": 2},
        comments={"cross_cutting": "Nothing on girls' specific risks.", "evidence": "Solid."},
        comments_to_team="",
        comments_to_submitter="Good work.",
        recommendation="minor",
    )
    curator = UserFactory(roles=["member", "curator"], is_staff=True)

    return submission, assignment, give_totp(curator)


@pytest.mark.parametrize("page", ["", "decide/?outcome=changes"])
def test_curator_sees_per_criterion_scores_and_comments_with_labels(client, page):
    submission, _, curator = _reviewed()
    client.force_login(curator)
    body = client.get(f"/en/peer-review/submissions/{submission.uuid}/{page}").content.decode()
    assert "Nothing on girls&#x27; specific risks." in body
    assert "Solid." in body
    assert "Cross-cutting: gender and child sensitivity" in body
    assert "cross_cutting" not in body


def test_rubric_labels_are_translated(client):
    submission, _, curator = _reviewed()
    client.force_login(curator)
    body = client.get(f"/fr/peer-review/submissions/{submission.uuid}/").content.decode()
    assert "Questions transversales" in body
    assert "Résultats et éléments probants" in body
    assert "cross_cutting" not in body


def test_other_reviewers_see_labels_but_not_per_criterion_comments(client):
    submission, _, _ = _reviewed()
    second = ReviewAssignment.objects.create(
        submission=submission,
        reviewer=make_reviewer(email="second@example.org"),
        status="accepted",
        version=1,
    )
    review_submit(
        assignment=second,
        actor=second.reviewer,
        scores={c.value: 3 for c in Criterion},
        comments={},
        comments_to_team="",
        comments_to_submitter="Fine.",
        recommendation="minor",
    )
    body = reviewer_page(client, second)
    assert "Cross-cutting: gender and child sensitivity" in body
    assert "cross_cutting" not in body
    assert "Nothing on girls" not in body


def test_curator_workspace_lists_the_attachments_for_download(client):
    submission, _, curator = _reviewed(files=[pdf_upload("ACME_NGO_evaluation.pdf")])
    attachment = submission.attachments.get()
    client.force_login(curator)
    body = client.get(f"/en/peer-review/submissions/{submission.uuid}/").content.decode()
    url = f"/en/submit/{submission.uuid}/files/{attachment.pk}/"
    assert f'href="{url}"' in body
    assert "ACME_NGO_evaluation.pdf" in body
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_admin_shows_the_cv_through_the_checked_view(client):
    application = _apply_with_cv(client)
    client.force_login(make_actor("administrator"))
    response = client.get(f"/admin/reviews/rosterapplication/{application.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'href="/en/peer-review/applications/{application.pk}/cv/"' in body
    assert "Jane_Doe_CV.pdf" in body


def test_re_reviewers_diff_never_shows_a_changed_identifying_field(client):
    submission, assignment = in_review(content_type="resource", data=COMPLETE_RESOURCE)
    changed = dict(
        COMPLETE_RESOURCE,
        publisher="ACME Policy Lab",
        abstract=COMPLETE_RESOURCE["abstract"] + " Updated.",
    )
    for number, data in ((1, COMPLETE_RESOURCE), (2, changed)):
        SubmissionVersion.objects.create(
            submission=submission, number=number, data=data, created_by=submission.owner
        )
    Review.objects.create(assignment=assignment, version=1, scores={}, recommendation="minor")
    assignment.version = 2
    assignment.save(update_fields=["version"])
    body = reviewer_page(client, assignment)
    assert "Updated." in body  # the diff is there...
    assert "ACME" not in body  # ...without the new publisher
