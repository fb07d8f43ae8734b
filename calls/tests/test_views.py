from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from calls.choices import CallStatus
from calls.services import CallTransitionError, call_transition
from core.models import AuditEvent
from tests.factories import CallFactory
from tests.matrix import Case, check_matrix

pytestmark = pytest.mark.django_db


def test_listing_puts_open_calls_first_then_upcoming_then_past(client):
    now = timezone.now()
    CallFactory(
        slug="past",
        status=CallStatus.CLOSED,
        deadline=now - timedelta(days=5),
        opens_at=now - timedelta(days=50),
    )
    CallFactory(
        slug="soon",
        status=CallStatus.SCHEDULED,
        opens_at=now + timedelta(days=5),
        deadline=now + timedelta(days=40),
    )
    CallFactory(slug="open-late", status=CallStatus.OPEN, deadline=now + timedelta(days=20))
    CallFactory(slug="open-early", status=CallStatus.OPEN, deadline=now + timedelta(days=3))
    body = client.get("/en/calls/").content.decode()
    positions = [
        body.index(f"/en/calls/{slug}/") for slug in ("open-early", "open-late", "soon", "past")
    ]
    assert positions == sorted(positions)


def test_open_call_offers_submission_and_countdown(client):
    CallFactory(slug="open-one", status=CallStatus.OPEN)
    body = client.get("/en/calls/open-one/").content.decode()
    assert "Submit a practice" in body
    assert "data-countdown" in body


def test_closed_call_offers_no_submit_button(client):
    CallFactory(
        slug="closed-one",
        status=CallStatus.CLOSED,
        deadline=timezone.now() - timedelta(days=1),
        opens_at=timezone.now() - timedelta(days=30),
    )
    assert "Submit a practice" not in client.get("/en/calls/closed-one/").content.decode()


def test_deadline_is_shown_in_the_viewers_time_zone(client):
    CallFactory(
        slug="trafficking-in-persons-2024",
        status=CallStatus.CLOSED,
        opens_at=datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
        deadline=datetime(2024, 6, 25, 3, 59, tzinfo=UTC),
        timezone="America/New_York",
    )
    client.cookies["hub_tz"] = "Asia/Kolkata"
    body = client.get("/en/calls/trafficking-in-persons-2024/").content.decode()
    assert "25 June 2024, 09:29 your time, UTC+05:30" in body


def test_call_list_query_count_does_not_grow_with_calls(client, django_assert_max_num_queries):
    for _ in range(3):
        CallFactory()
    with django_assert_max_num_queries(8) as small:
        client.get("/en/calls/")
    for _ in range(12):
        CallFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/en/calls/")


def test_home_shows_open_calls_with_constant_queries(
    client, django_assert_max_num_queries, settings
):
    settings.HUB_PAGE_CACHE_SECONDS = 0  # the page rendered each time, not kept (core/pagecache)
    CallFactory(title="Open to everyone", status=CallStatus.OPEN)
    client.get("/en/")  # the Hub's figures are built once, then remembered (docs/insights.md)
    with django_assert_max_num_queries(8):
        body = client.get("/en/").content.decode()
    assert "Open to everyone" in body


def test_transitions_are_guarded_and_audited():
    call = CallFactory(status=CallStatus.OPEN)
    call_transition(call=call, to=CallStatus.CLOSED)
    assert AuditEvent.objects.filter(
        target_id=str(call.pk), from_status="open", to_status="closed"
    ).exists()
    with pytest.raises(CallTransitionError):
        call_transition(call=call, to=CallStatus.SCHEDULED)


def test_permission_matrix_for_call_pages():
    draft = CallFactory(slug="draft-call", status=CallStatus.DRAFT)
    CallFactory(slug="public-call", status=CallStatus.OPEN)
    cases = [
        Case("/en/calls/", {"*": "ok"}),
        Case("/en/calls/public-call/", {"*": "ok"}),
        Case(f"/en/calls/{draft.slug}/", {"*": "hidden", "curator": "ok", "administrator": "ok"}),
        Case("/en/calls/no-such-call/", {"*": "hidden"}),
    ]
    assert check_matrix(cases) == []
