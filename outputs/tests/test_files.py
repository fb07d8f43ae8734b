import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from docx import Document
from pypdf import PdfReader

from core.models import AuditEvent
from outputs.choices import JobKind, JobStatus
from outputs.models import OutputJob
from outputs.selectors import content_key
from outputs.services import compendium_request
from outputs.tasks import build_output
from submissions.models import Attachment, Submission
from tests.factories import SubmissionFactory
from tests.matrix import make_actor

pytestmark = pytest.mark.django_db


def _follow(client, url, capture):
    with capture(execute=True):
        response = client.get(url)
    assert response.status_code == 302
    progress = client.get(response["Location"])
    with translation.override(progress["Content-Language"]):
        assert gettext("Your file is ready.") in progress.content.decode()
    return client.get(url)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_pdf_compendium_has_cover_contents_and_a_section_per_practice(
    client, call_practices, django_capture_on_commit_callbacks
):
    call = call_practices[0].call
    response = _follow(
        client, f"/en/calls/{call.slug}/compendium.pdf", django_capture_on_commit_callbacks
    )
    reader = PdfReader(io.BytesIO(_body(response)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Compendium of practices" in reader.pages[0].extract_text()
    assert "Contents" in text
    assert "Work with survivors from the start." in text
    for practice in call_practices:
        assert text.count(practice.title) >= 2  # in the contents and its section
    assert "Objective 10" in text
    assert len(reader.pages) >= 2 + len(call_practices)
    assert reader.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")  # tagged


def test_compendium_is_cached_until_a_practice_changes(
    client, call_practices, django_capture_on_commit_callbacks
):
    call = call_practices[0].call
    url = f"/en/calls/{call.slug}/compendium.pdf"
    _follow(client, url, django_capture_on_commit_callbacks)
    assert client.get(url).status_code == 200
    assert OutputJob.objects.filter(call=call).count() == 1
    practice = call_practices[0]
    practice.title = "Renamed shelter network"
    practice.save()
    response = _follow(client, url, django_capture_on_commit_callbacks)
    assert OutputJob.objects.filter(call=call).count() == 2
    pages = PdfReader(io.BytesIO(_body(response))).pages
    assert "Renamed shelter network" in "".join(page.extract_text() for page in pages)


def test_docx_compendium_in_the_language_asked(
    client, call_practices, django_capture_on_commit_callbacks
):
    call = call_practices[0].call
    response = _follow(
        client, f"/fr/calls/{call.slug}/compendium.docx", django_capture_on_commit_callbacks
    )
    document = Document(io.BytesIO(_body(response)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for practice in call_practices:
        assert practice.title in headings
    assert document.core_properties.language == "fr"
    job = OutputJob.objects.get(kind=JobKind.COMPENDIUM_DOCX)
    assert job.language == "fr"
    assert job.done == job.total == 3


def test_call_export_holds_every_submission_with_its_files(
    client, closed_call, django_capture_on_commit_callbacks
):
    submissions = [
        SubmissionFactory(
            call=closed_call, status="submitted", submitted_at=timezone.now(), reference=f"HUB-{n}"
        )
        for n in range(3)
    ]
    Submission.objects.filter(pk=submissions[1].pk).update(title="=1+1")
    SubmissionFactory(call=closed_call)  # a draft never sent: not exported
    Attachment.objects.create(
        submission=submissions[0],
        file=ContentFile(b"%PDF-1.4 evidence", name="e.pdf"),
        name="evidence.pdf",
        mime="application/pdf",
        size=17,
        sha256="0" * 64,
        uploaded_by=submissions[0].owner,
    )
    curator = make_actor("curator")
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/calls/{closed_call.slug}/export/")
    job = OutputJob.objects.get(kind=JobKind.CALL_EXPORT)
    assert response["Location"].endswith(f"/export/{job.uuid}/")
    assert AuditEvent.objects.filter(verb="call_exported", actor=curator).exists()
    download = client.get(f"/en/calls/{closed_call.slug}/export/{job.uuid}/download/")
    archive = zipfile.ZipFile(io.BytesIO(_body(download)))
    names = set(archive.namelist())
    assert {"submissions.csv", "submissions.jsonl", "reviews.csv", "practices.jsonl"} <= names
    assert f"attachments/HUB-0/{submissions[0].attachments.get().pk}-evidence.pdf" in names
    rows = list(csv.DictReader(io.StringIO(archive.read("submissions.csv").decode())))
    assert sorted(r["reference"] for r in rows) == ["HUB-0", "HUB-1", "HUB-2"]
    assert {r["reference"]: r["title"] for r in rows}["HUB-1"] == "'=1+1"  # never a formula
    records = [json.loads(line) for line in archive.read("submissions.jsonl").splitlines()]
    assert records[0]["fields"]["title"]
    assert records[0]["attachments"][0]["name"] == "evidence.pdf"


def test_an_expired_export_link_no_longer_downloads(client, closed_call):
    job = OutputJob.objects.create(
        kind=JobKind.CALL_EXPORT,
        call=closed_call,
        language="en",
        status=JobStatus.DONE,
        expires_at=timezone.now() - timezone.timedelta(minutes=1),
    )
    client.force_login(make_actor("curator"))
    response = client.get(f"/en/calls/{closed_call.slug}/export/{job.uuid}/download/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_build_lost_for_an_hour_is_started_again(closed_call, call_practices):
    key = content_key(call=closed_call)
    lost = OutputJob.objects.create(
        kind=JobKind.COMPENDIUM_PDF, call=closed_call, language="en", content_key=key
    )
    OutputJob.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=2))
    job = compendium_request(
        call=closed_call, kind=JobKind.COMPENDIUM_PDF, language="en", actor=None
    )
    assert job.pk != lost.pk
    again = compendium_request(
        call=closed_call, kind=JobKind.COMPENDIUM_PDF, language="en", actor=None
    )
    assert again.pk == job.pk


def test_a_build_delivered_twice_builds_one_file(closed_call, call_practices):
    """At-least-once delivery: the second run of the task finds the job done and leaves it."""
    job = OutputJob.objects.create(
        kind=JobKind.COMPENDIUM_DOCX, call=closed_call, language="en", content_key="k"
    )
    assert build_output.call(str(job.uuid)) == JobStatus.DONE
    first = OutputJob.objects.get(pk=job.pk)
    assert build_output.call(str(job.uuid)) == JobStatus.DONE
    again = OutputJob.objects.get(pk=job.pk)
    assert (again.file.name, again.updated_at) == (first.file.name, first.updated_at)
    assert AuditEvent.objects.filter(target_id=str(job.pk), to_status=JobStatus.DONE).count() == 1


def test_a_build_whose_worker_died_is_finished_by_the_task_run_again(
    closed_call, call_practices, settings
):
    """The worker died mid-build (RUNNING, no progress since): the redelivered task builds it;
    a build still making progress is left to its worker."""
    settings.HUB_WORKER_STALE_SECONDS = 60
    job = OutputJob.objects.create(
        kind=JobKind.COMPENDIUM_DOCX, call=closed_call, language="en", content_key="k"
    )
    OutputJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=1, total=3)
    assert build_output.call(str(job.uuid)) == JobStatus.RUNNING  # progress is recent

    quiet = timezone.now() - timedelta(seconds=61)
    OutputJob.objects.filter(pk=job.pk).update(updated_at=quiet)
    assert build_output.call(str(job.uuid)) == JobStatus.DONE
    assert OutputJob.objects.get(pk=job.pk).file.name
