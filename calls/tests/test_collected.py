"""A closed call lists the practices it collected and points to submitting outside any call
(issue 10.11)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from calls.choices import CallStatus
from tests.factories import CallFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def _closed_call(slug: str = "closed-one"):
    now = timezone.now()
    return CallFactory(
        slug=slug,
        status=CallStatus.CLOSED,
        opens_at=now - timedelta(days=60),
        deadline=now - timedelta(days=10),
    )


def test_closed_call_shows_the_practices_it_collected(client):
    call = _closed_call()
    other = _closed_call("other-call")
    PracticeFactory(title="Mobile clinics along the corridor", call=call)
    PracticeFactory(title="Safe shelters for children", call=call)
    PracticeFactory(title="Still in review", call=call, status="draft", published_at=None)
    PracticeFactory(title="From another call", call=other)
    PracticeFactory(title="Outside any call")

    body = client.get("/en/calls/closed-one/").content.decode()
    section = body[body.index("Practices from this call") :]
    assert "Mobile clinics along the corridor" in section
    assert "Safe shelters for children" in section
    for absent in ("Still in review", "From another call", "Outside any call"):
        assert absent not in body
    assert 'href="/en/practices/?call=closed-one"' in section
    assert "See all 2 practices from this call in the repository" in section


def test_closed_call_links_to_submitting_outside_any_call(client):
    _closed_call()
    body = client.get("/en/calls/closed-one/").content.decode()
    assert (
        'This call is closed. You can still <a href="/en/submit/">submit a practice outside any '
        "call</a>." in body
    )
    assert "No practice from this call has been published yet." in body
    assert "?call=closed-one&amp;type=" not in body


def test_open_call_has_no_collected_section(client):
    call = CallFactory(slug="open-one", status=CallStatus.OPEN)
    PracticeFactory(title="Early bird", call=call)
    body = client.get("/en/calls/open-one/").content.decode()
    assert "Practices from this call" not in body
    assert "outside any call" not in body


def _queries(client, url: str) -> int:
    client.get(url)  # caches of labels and content versions, moved by the new practices
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_collected_section_reads_a_fixed_number_of_queries(client):
    call = _closed_call()
    PracticeFactory(title="Practice first", call=call)
    few = _queries(client, "/en/calls/closed-one/")
    for n in range(8):
        PracticeFactory(title=f"Practice {n}", call=call)
    assert _queries(client, "/en/calls/closed-one/") == few
    body = client.get("/en/calls/closed-one/").content.decode()
    assert body.count('class="card card--item"') == 6
    assert "See all 9 practices from this call in the repository" in body
