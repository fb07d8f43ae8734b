"""The demo events: two upcoming with registrations and a waiting list, two past with a
recording, a summary and linked practices."""

import pytest
from django.utils import timezone

from demo import accounts, calls, events, repository
from events.choices import RegistrationStatus as R
from events.models import Event

pytestmark = pytest.mark.django_db


def test_demo_events_tell_the_whole_story(client):
    accounts.load()
    calls.load()
    repository.load()
    assert events.load() == 4
    now = timezone.now()
    upcoming, past = Event.objects.upcoming(now), Event.objects.past(now)
    assert upcoming.count() == 2
    assert past.count() == 2
    statuses = set(upcoming.values_list("registrations__status", flat=True))
    assert {R.CONFIRMED, R.WAITLISTED, R.PENDING} <= statuses
    for event in past:
        assert event.recording_url
        assert event.summary_file
        assert event.practices.exists()
        assert client.get(event.get_absolute_url()).status_code == 200
    assert events.load() == 0
