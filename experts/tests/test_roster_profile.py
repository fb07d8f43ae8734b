"""A roster reviewer publishes a directory profile in one click, prefilled from the roster, and
can undo it."""

import pytest

from experts.choices import ProfileStatus
from experts.models import ExpertProfile
from reviews.models import ReviewerProfile
from taxonomy.models import Country, Language, Objective
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def reviewer():
    user = UserFactory(email="aisha@example.org", name="Aisha Bello")
    roster = ReviewerProfile.objects.create(
        user=user,
        organisation="University of Lagos",
        is_un=False,
        publications="https://example.org/aisha",
        conflicts="University of Lagos",
        gender="Female",
    )
    roster.objectives.set(Objective.objects.filter(number__in=[6, 21]))
    roster.reading_languages.set(Language.objects.filter(code__in=["en", "fr"]))
    roster.countries.set(Country.objects.filter(code__in=["NG", "SN"]))
    return user


def test_a_roster_reviewer_publishes_in_one_click_and_the_team_still_verifies(client):
    user = reviewer()
    client.force_login(user)
    page = client.get("/en/experts/me/").content.decode()
    assert "Publish my profile from my roster details" in page
    assert "once the Hub team has checked them" in page  # the consent wording
    response = client.post("/en/experts/me/from-roster/", follow=True)
    profile = ExpertProfile.objects.get(user=user)
    assert profile.name == "Aisha Bello"
    assert profile.organisation == "University of Lagos"
    assert profile.links == "https://example.org/aisha"
    assert {o.number for o in profile.objectives.all()} == {6, 21}
    assert {c.code for c in profile.countries.all()} == {"NG", "SN"}
    assert {lang.code for lang in profile.languages.all()} == {"en", "fr"}
    assert profile.availability == ["review"]
    assert profile.gender == ""  # the roster's free text is not turned into a directory field
    assert profile.status == ProfileStatus.PENDING
    assert "Undo: remove this profile" in response.content.decode()
    assert "Publish my profile from my roster details" not in response.content.decode()
    client.logout()
    assert "Aisha Bello" not in client.get("/en/experts/").content.decode()


def test_undo_removes_the_profile_and_offers_the_button_again(client):
    user = reviewer()
    client.force_login(user)
    client.post("/en/experts/me/from-roster/")
    page = client.post("/en/experts/me/undo/", follow=True).content.decode()
    assert not ExpertProfile.objects.filter(user=user).exists()
    assert "Publish my profile from my roster details" in page


def test_undo_is_only_offered_for_the_profile_just_made_from_the_roster(client):
    user = reviewer()
    client.force_login(user)
    client.post("/en/experts/me/from-roster/")
    client.logout()
    client.force_login(user)  # a new session: the one-click undo has passed
    assert "Undo: remove this profile" not in client.get("/en/experts/me/").content.decode()
    client.post("/en/experts/me/undo/")
    assert ExpertProfile.objects.filter(user=user).exists()


def test_people_off_the_roster_get_no_button_and_a_clear_refusal(client):
    member = UserFactory()
    client.force_login(member)
    assert "roster details" not in client.get("/en/experts/me/").content.decode()
    page = client.post("/en/experts/me/from-roster/", follow=True).content.decode()
    assert "Only reviewers on the roster" in page
    assert not ExpertProfile.objects.exists()


def test_a_second_click_does_not_make_a_second_profile(client):
    user = reviewer()
    client.force_login(user)
    client.post("/en/experts/me/from-roster/")
    page = client.post("/en/experts/me/from-roster/", follow=True).content.decode()
    assert ExpertProfile.objects.filter(user=user).count() == 1
    assert "You already have an expert profile." in page


def test_a_confirmation_is_shown_once_not_twice(client):
    user = reviewer()
    client.force_login(user)
    page = client.post("/en/experts/me/from-roster/", follow=True).content.decode()
    assert page.count("Your profile is made from your roster details.") == 1
    page = client.post("/en/experts/me/confirm/", follow=True).content.decode()
    assert page.count("confirmed for another year") == 1
