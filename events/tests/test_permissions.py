"""The events policy for every role: who reads, registers and organises what."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.choices import EventStatus
from events.permissions import EventAction, policy
from tests.factories import UserFactory
from tests.matrix import PolicyCase, check_policy_matrix

from .conftest import make_event

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "reviewer", "curator", "moderator", "administrator", "organiser")
TEAM = {"curator": True, "administrator": True, "organiser": True}


def test_policy_matrix_for_every_role():
    organiser = UserFactory(roles=["member"])

    def event(**fields):
        made = make_event(**fields)
        made.organisers.add(organiser)
        return made

    past = timezone.now() - timedelta(days=3)
    cases = [
        PolicyCase("events.view", {"*": True}, lambda: event()),
        PolicyCase("events.view", {"*": False, **TEAM}, lambda: event(status=EventStatus.DRAFT)),
        PolicyCase("events.register", {"*": True, "anonymous": False}, lambda: event()),
        PolicyCase(
            "events.register",
            {"*": False},
            lambda: event(status=EventStatus.DRAFT),
        ),
        PolicyCase(
            "events.register",
            {"*": False},
            lambda: event(starts_at=past, ends_at=past + timedelta(hours=1)),
        ),
        PolicyCase("events.organise", {"*": False, **TEAM}, lambda: event()),
        PolicyCase(
            "events.organise",
            {"*": False, **TEAM},
            lambda: event(starts_at=past, ends_at=past + timedelta(hours=1)),
        ),
    ]
    assert check_policy_matrix(cases, roles=ROLES, actors={"organiser": organiser}) == []


def test_registration_closes_when_the_event_starts(member):
    started = make_event(starts_at=timezone.now() - timedelta(minutes=5))
    assert policy.can(member, EventAction.REGISTER, started) is False
