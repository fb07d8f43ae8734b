from datetime import timedelta

import pytest
from django.utils import timezone

from events.choices import Audience, EventFormat, EventStatus
from events.models import Event
from tests.factories import UserFactory


def make_event(**fields) -> Event:
    start = timezone.now() + timedelta(days=3)
    values = {
        "slug": f"event-{Event.objects.count() + 1}",
        "title": "Regular pathways for labour migration",
        "description": "Governments compare their skills partnerships.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "time_zone": "Europe/Zurich",
        "format": EventFormat.ONLINE,
        "platform": "Video call",
        "join_url": "https://meet.example.org/gcm-talk",
        "audience": Audience.OPEN,
        "status": EventStatus.PUBLISHED,
        **fields,
    }
    return Event.objects.create(**values)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs what the block queued on commit (e-mails) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def organiser():
    return UserFactory(roles=["member"])


@pytest.fixture
def member():
    return UserFactory(roles=["member"])
