"""The attachments of a published item on its public page, when the licence allows sharing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from submissions.models import SubmissionVersion
from submissions.services import attachment_add, attachment_remove
from tests.factories import PracticeFactory, ResourceFactory, SubmissionFactory
from tests.matrix import Case, check_matrix

pytestmark = pytest.mark.django_db


def pdf(name: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue())


def published(factory=PracticeFactory, *, licence="cc-by-4.0", item_status="published"):
    """A published item made from a submission that has one attachment."""
    submission = SubmissionFactory()
    attachment = attachment_add(
        submission=submission, actor=submission.owner, upload=pdf("Shelter_manual.pdf")
    )
    data = dict(submission.data, licence=licence)
    SubmissionVersion.objects.create(
        submission=submission, number=1, data=data, created_by=submission.owner
    )
    extra = {"licence": licence} if factory is PracticeFactory else {}
    item = factory(source_submission_id=submission.pk, status=item_status, **extra)
    return item, attachment


def test_practice_page_lists_files_of_an_openly_licensed_item_for_download(client):
    practice, attachment = published()
    body = client.get(f"/en/practices/{practice.slug}/").content.decode()
    url = f"/en/practices/{practice.slug}/files/{attachment.pk}/"
    assert f'href="{url}"' in body
    assert "Shelter_manual.pdf" in body
    response = client.get(url)
    assert response.status_code == 200
    assert "Shelter_manual.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_resource_page_lists_files_too(client):
    resource, attachment = published(ResourceFactory)
    body = client.get(f"/en/resources/{resource.slug}/").content.decode()
    assert f'href="/en/resources/{resource.slug}/files/{attachment.pk}/"' in body


def test_files_of_an_all_rights_reserved_item_stay_private(client):
    practice, attachment = published(licence="all-rights-reserved")
    assert (
        "Shelter_manual.pdf" not in client.get(f"/en/practices/{practice.slug}/").content.decode()
    )
    assert client.get(f"/en/practices/{practice.slug}/files/{attachment.pk}/").status_code == 404


def test_public_file_urls_in_the_permission_matrix_for_every_role():
    open_item, open_file = published()
    closed, closed_file = published(licence="all-rights-reserved")
    draft, draft_file = published(item_status="draft")
    removed_item, removed = published()
    attachment_remove(attachment=removed, actor=removed.uploaded_by)
    cases = [
        Case(f"/en/practices/{open_item.slug}/files/{open_file.pk}/", {"*": "ok"}),
        Case(f"/en/practices/{closed.slug}/files/{closed_file.pk}/", {"*": "hidden"}),
        Case(f"/en/practices/{draft.slug}/files/{draft_file.pk}/", {"*": "hidden"}),
        Case(f"/en/practices/{removed_item.slug}/files/{removed.pk}/", {"*": "hidden"}),
        Case(f"/en/practices/{open_item.slug}/files/{closed_file.pk}/", {"*": "hidden"}),
        Case(f"/en/resources/{open_item.slug}/files/{open_file.pk}/", {"*": "hidden"}),
    ]
    assert check_matrix(cases) == []
