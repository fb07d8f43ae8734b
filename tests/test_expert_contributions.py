"""An expert's profile lists their contributions on the Hub (issue 13, point 3): practices
published from their account, events they speak at, discussion spaces they moderate, each only
where the reader may see it. Events and discussions sit above experts in the layers and fill
the profile's sections from their ``ready()`` (core/related.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from discussions.choices import Access, SpaceStatus
from discussions.models import Space
from events.choices import Audience, EventFormat, EventStatus
from events.models import Event
from experts.choices import ProfileStatus
from experts.models import ExpertProfile
from taxonomy.models import Language
from tests.factories import PracticeFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _event(slug: str, status: str = EventStatus.PUBLISHED, **fields) -> Event:
    start = timezone.now() + timedelta(days=10)
    return Event.objects.create(
        slug=slug,
        title=f"Event {slug}",
        description="Talks.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        format=EventFormat.ONLINE,
        status=status,
        **fields,
    )


def _space(slug: str, access: str = Access.PUBLIC, status: str = SpaceStatus.OPEN, **fields):
    now = timezone.now()
    return Space.objects.create(
        slug=slug,
        title=f"Space {slug}",
        context="Context.",
        access=access,
        status=status,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        **fields,
    )


@pytest.fixture
def grace():
    return ExpertProfile.objects.create(
        user=UserFactory(),
        slug="grace-mensah",
        name="Grace Mensah",
        email="grace@expert.example.org",
        bio="I advise on fair recruitment.",
        bio_language=Language.objects.get(code="en"),
        status=ProfileStatus.LISTED,
        verified_at=timezone.now(),
    )


def _sections(client, profile) -> str:
    response = client.get(f"/en/experts/{profile.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_profile_lists_what_the_expert_did_on_the_hub_as_each_reader_may_see_it(client, grace):
    for event in (
        _event("open-talk"),
        _event("invitation-talk", audience=Audience.INVITATION),
        _event("draft-talk", status=EventStatus.DRAFT),
    ):
        event.speakers.add(grace)
    _event("someone-elses-talk")
    invited = Group.objects.create(name="Pilot countries")
    for space in (
        _space("open-space"),
        _space("members-space", access=Access.MEMBERS),
        _space("invited-space", access=Access.INVITED, invited_group=invited),
        _space("draft-space", status=SpaceStatus.DRAFT),
    ):
        space.moderators.add(grace.user)
    submission = SubmissionFactory(owner=grace.user)
    PracticeFactory(title="Fee-free recruitment corridor", source_submission=submission)

    body = _sections(client, grace)
    assert "Events spoken at" in body
    assert "Discussion spaces moderated" in body
    assert "Fee-free recruitment corridor" in body
    assert "Event open-talk" in body
    assert "Event invitation-talk" in body  # public page; only registration is restricted
    assert "Space open-space" in body
    for hidden in ("Event draft-talk", "Event someone-elses-talk", "members-space", "invited"):
        assert hidden not in body
    assert "draft-space" not in body

    member = UserFactory(roles=["member"])
    client.force_login(member)
    body = _sections(client, grace)
    assert "Space members-space" in body
    assert "invited-space" not in body
    member.groups.add(invited)
    assert "Space invited-space" in _sections(client, grace)
    assert "draft-space" not in _sections(client, grace)


def test_a_profile_without_contributions_shows_no_empty_sections(client, grace):
    body = _sections(client, grace)
    assert "Events spoken at" not in body
    assert "Discussion spaces moderated" not in body


def test_an_event_page_names_its_listed_speakers_only(client, grace):
    hidden = ExpertProfile.objects.create(
        user=UserFactory(), slug="hidden-expert", name="Hidden Expert", email="h@e.example.org"
    )
    event = _event("open-talk")
    event.speakers.add(grace, hidden)
    body = client.get(event.get_absolute_url()).content.decode()
    assert 'href="/en/experts/grace-mensah/"' in body
    assert "Hidden Expert" not in body


def test_no_expert_address_in_public_pages_feeds_sitemap_or_calendar(client, grace):
    """Issue 13, point 16: a speaker's (or moderator's) address never leaves the Hub."""
    event = _event("open-talk")
    event.speakers.add(grace)
    _space("open-space").moderators.add(grace.user)
    grace.user.email = "grace.account@expert.example.org"
    grace.user.save()
    pages = [
        f"/en/experts/{grace.slug}/",
        event.get_absolute_url(),
        f"/en/events/{event.slug}/event.ics",
        "/en/events/calendar.ics",
        "/en/events/feed/",
        "/en/events/",
        "/en/discussions/open-space/",
        "/sitemap.xml",
        "/api/v1/experts/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "grace@expert.example.org" not in body, url
        assert "grace.account@expert.example.org" not in body, url
