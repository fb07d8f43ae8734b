"""The demo's trafficking call (issue 15, "Done when"): a published featured page with six
practices, and a compendium of all its published practices, linked from that page."""

import io

import pytest
from pypdf import PdfReader

from demo import calls as calls_demo
from demo import featured as featured_demo
from demo import repository as repository_demo
from repository.models import Practice

pytestmark = pytest.mark.django_db

CALL = "trafficking-in-persons-2024"


def test_the_demo_trafficking_call_has_a_featured_page_and_a_compendium(
    client, django_capture_on_commit_callbacks
):
    calls_demo.load()
    repository_demo.load()
    featured_demo.load()
    page = client.get(f"/en/calls/{CALL}/featured/").content.decode()
    assert page.count('<article class="card"') >= 6
    assert f"/en/calls/{CALL}/compendium.pdf" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(f"/en/calls/{CALL}/compendium.pdf").status_code == 302
    response = client.get(f"/en/calls/{CALL}/compendium.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.extract_text() for p in reader.pages)
    titles = Practice.objects.published().filter(call__slug=CALL).values_list("title", flat=True)
    assert len(titles) >= 6
    for title in titles:
        assert title.split()[0] in text
    bookmarks = [item.title for item in reader.outline[1] if not isinstance(item, list)]
    assert set(titles) <= set(bookmarks)
