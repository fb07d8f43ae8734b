"""The compendium of any practice listing: exactly the practices the listing shows, cached until
they change, bounded in size, with a progress page that works without JavaScript."""

import io

import pytest
from django.http import QueryDict
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext
from docx import Document
from pypdf import PdfReader

from outputs.choices import JobKind, JobStatus
from outputs.models import OutputJob
from repository.listing import listing_page
from repository.models import Practice
from repository.services import practice_unpublish
from tests.factories import PracticeFactory
from tests.matrix import Case, check_matrix, make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices():
    """Three practices on objective 10 (one withdrawn later by a test), two on objective 7."""
    on_ten = [
        PracticeFactory(title=f"Border shelter {n}", tags={"objectives": [10]}) for n in range(3)
    ]
    others = [
        PracticeFactory(title=f"Remittance fund {n}", tags={"objectives": [7]}) for n in (0, 1)
    ]
    return on_ten, others


def _build(client, url, capture):
    """Ask for the compendium, run the build the request queued, and fetch the file."""
    with capture(execute=True):
        response = client.get(url)
    assert response.status_code == 302, response.content.decode()[:500]
    progress = client.get(response["Location"])
    with translation.override(progress["Content-Language"]):
        assert gettext("Your file is ready.") in progress.content.decode()
    file = client.get(url)
    assert file.status_code == 200
    return b"".join(file.streaming_content)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_an_objectives_compendium_holds_exactly_the_listings_practices(
    client, practices, django_capture_on_commit_callbacks
):
    on_ten, others = practices
    listing = client.get("/en/practices/?objective=10").content.decode()
    assert "/en/practices/compendium.pdf?objective=10" in listing
    text = _text(
        _build(
            client, "/en/practices/compendium.pdf?objective=10", django_capture_on_commit_callbacks
        )
    )
    for practice in on_ten:
        assert text.count(practice.title) >= 2  # in the contents and its section
    for practice in others:
        assert practice.title not in text
    assert "Objective 10" in text
    job = OutputJob.objects.get()
    assert job.call is None
    assert job.query == "objective=10"
    assert job.done == job.total == 3


def test_the_same_listing_in_another_spelling_is_served_from_the_cache_until_a_practice_changes(
    client, practices, django_capture_on_commit_callbacks
):
    on_ten, others = practices
    url = "/en/practices/compendium.docx?scope=&objective=10&page=2"
    document = Document(io.BytesIO(_build(client, url, django_capture_on_commit_callbacks)))
    headings = {p.text for p in document.paragraphs if p.style.name.startswith("Heading")}
    assert headings >= {p.title for p in on_ten}
    assert not headings & {p.title for p in others}
    assert client.get("/en/practices/compendium.docx?objective=10").status_code == 200
    assert OutputJob.objects.count() == 1
    practice_unpublish(practice=on_ten[0], actor=make_actor("curator"))
    pdf_after = _build(
        client, "/en/practices/compendium.docx?objective=10", django_capture_on_commit_callbacks
    )
    assert OutputJob.objects.count() == 2
    headings = [p.text for p in Document(io.BytesIO(pdf_after)).paragraphs]
    assert on_ten[0].title not in headings
    assert on_ten[1].title in headings


def test_a_search_compendium_holds_the_listings_results_in_its_order(
    client, practices, django_capture_on_commit_callbacks
):
    url = "/fr/practices/compendium.pdf?q=remittance"
    reader = PdfReader(io.BytesIO(_build(client, url, django_capture_on_commit_callbacks)))
    listed = listing_page(Practice, QueryDict("q=remittance")).ids
    titles = [Practice.objects.get(pk=pk).title for pk in listed]
    assert titles[0].startswith("Remittance fund")  # the words' best matches come first
    contents = "".join(page.extract_text() for page in reader.pages[:2])
    positions = [contents.index(title) for title in titles]
    assert positions == sorted(positions)
    bookmarks = [item.title for item in reader.outline[1] if not isinstance(item, list)]
    assert bookmarks[1:] == titles  # after the contents' bookmark, one per practice
    assert "remittance" in reader.pages[0].extract_text()  # the cover says what was searched


@override_settings(HUB_COMPENDIUM_MAX_PRACTICES=2)
def test_a_listing_longer_than_the_limit_is_refused_with_the_limit(client, practices):
    response = client.get("/en/practices/compendium.pdf?objective=10")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This listing shows 3 practices; a compendium holds at most 2." in page
    assert 'href="/en/practices/?objective=10"' in page
    assert not OutputJob.objects.exists()
    assert client.get("/en/practices/compendium.pdf?objective=7").status_code == 302


def test_an_empty_listing_is_refused(client, practices):
    page = client.get("/en/practices/compendium.pdf?objective=23").content.decode()
    assert "nothing to compile" in page


def test_the_progress_page_refreshes_itself_without_javascript(client, practices):
    response = client.get("/en/practices/compendium.pdf?objective=10")
    job = OutputJob.objects.get()
    assert response["Location"] == f"/en/practices/compendium/{job.uuid}/"
    page = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "0 of 3 items" in page
    assert job.status == JobStatus.QUEUED


def test_permission_matrix(practices):
    job = OutputJob.objects.create(kind=JobKind.COMPENDIUM_PDF, query="objective=10", language="en")
    cases = [
        Case("/en/practices/compendium.pdf?objective=10", {"*": "redirect"}),
        Case("/en/practices/compendium.docx?objective=10", {"*": "redirect"}),
        Case(f"/en/practices/compendium/{job.uuid}/", {"*": "ok"}),
    ]
    assert check_matrix(cases) == []


def test_a_calls_job_is_not_shown_as_a_listings(client, closed_call):
    job = OutputJob.objects.create(kind=JobKind.COMPENDIUM_PDF, call=closed_call, language="en")
    assert client.get(f"/en/practices/compendium/{job.uuid}/").status_code == 404


def test_one_person_cannot_keep_the_workers_busy_with_listings(client, practices):
    for _n in range(60):
        assert client.get("/en/practices/compendium.pdf?objective=23").status_code == 200
    assert client.get("/en/practices/compendium.pdf?objective=23").status_code == 429
