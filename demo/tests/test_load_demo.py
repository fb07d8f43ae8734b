"""The load_demo command: every app's story, in order, once, and only while DEBUG is on."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from calls.models import Call
from contact.models import ContactMessage, FaqEntry
from core.models import SiteSettings
from demo.management.commands.load_demo import STEPS
from discussions.models import Space
from events.models import Event
from experts.models import ExpertProfile
from outputs.models import FeaturedSelection
from repository.models import Practice
from reviews.models import ReviewAssignment
from submissions.choices import SubmissionStatus
from submissions.models import Submission
from support.models import SupportRequest
from support.suggestions import Need, suggest

pytestmark = pytest.mark.django_db


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only loaded when DEBUG is on"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_loads_every_story_once_in_dependency_order(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    steps = [line.split("…")[0].strip() for line in out.getvalue().splitlines() if "…" in line]
    assert steps == [
        "demo: core",
        "demo: accounts",
        "demo: calls",
        "demo: submissions",
        "demo: reviews",
        "demo: repository",
        "demo: experts",
        "demo: support",
        "demo: contact",
        "demo: discussions",
        "demo: events",
        "demo: featured",
        "demo: pledges",
    ]
    assert "curator@example.org" in out.getvalue()
    assert SiteSettings.load().disclaimer_en.startswith("Any reference to Kosovo")
    assert Call.objects.count() == 3
    # One submission in each status a person moves it to (the review workflow sets the other).
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in SubmissionStatus} - {SubmissionStatus.AWAITING_DECISION}
    assert ReviewAssignment.objects.exists()
    assert Practice.objects.filter(source_submission_id__isnull=False).exists()
    featured = FeaturedSelection.objects.get(call__slug="trafficking-in-persons-2024")
    assert featured.is_published
    assert featured.entries.count() == 6
    again = io.StringIO()
    call_command("load_demo", "--quiet-accounts", stdout=again)
    assert again.getvalue().count("0 created") == len(STEPS)
    assert "curator@example.org" not in again.getvalue()


def test_the_connection_hub_has_experts_requests_faq_and_messages(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):  # the imports queue the indexing
        call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    listed = ExpertProfile.objects.listed()
    assert listed.count() >= 20
    assert set(listed.values_list("bio_language__code", flat=True)) == {"en", "fr", "es"}
    assert listed.filter(user__reviewer_profile__isnull=False).count() == 6  # from the roster
    assert listed.filter(principles__isnull=False).distinct().count() >= 18  # a facet to try
    statuses = set(SupportRequest.objects.values_list("status", flat=True))
    assert statuses == {"received", "matched", "completed"}
    assert SupportRequest.objects.get(status="matched").proposed_experts.exists()
    assert SupportRequest.objects.shared().count() == 1  # partners may offer help on it
    focal_point = User.objects.get(email="focalpoint@example.org")
    assert focal_point.has_role("focal_point")
    assert FaqEntry.objects.filter(question_fr__gt="", question_es__gt="").count() >= 3
    assert set(ContactMessage.objects.values_list("status", flat=True)) >= {"new", "closed"}
    for request in SupportRequest.objects.all():
        found = suggest(Need.of(request))
        assert found.practices
        assert found.experts
    # contributions shown on the profiles: events spoken at, a space moderated
    assert Event.objects.filter(speakers__in=listed).distinct().count() >= 2
    assert Space.objects.filter(moderators__in=listed.values("user")).exists()
