"""Supply and demand: searches that found nothing are counted per objective and day, without
the words or the person, and shown beside the published practices."""

import pytest
from django.utils import timezone

from discussions.choices import Access, ContributionStatus
from discussions.tests.conftest import make_contribution, make_question, make_space
from events.choices import RegistrationStatus
from events.models import Registration
from events.tests.conftest import make_event
from insights.selectors import supply_and_demand
from search.models import MissedSearch
from taxonomy.models import Objective
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_search_that_found_nothing_is_counted_under_its_objectives(client):
    PracticeFactory(title="Safe shelters for trafficking survivors", tags={"objectives": [10]})
    client.force_login(UserFactory())
    missed = "/en/practices/?q=zzyzx+qwv&objective=10&objective=21"
    assert "0 practices" in client.get(missed).content.decode()
    client.get(missed)
    client.get("/en/practices/?q=zzyzx+qwv")  # no objective chosen
    client.get("/en/practices/?objective=21")  # no words: not a search
    client.get("/en/practices/?q=shelters&objective=10")  # found something
    today = timezone.localdate()
    counts = {(m.day, m.objective): m.count for m in MissedSearch.objects.all()}
    assert counts == {(today, 10): 2, (today, 21): 2, (today, 0): 1}
    stored = {f.name for f in MissedSearch._meta.get_fields()}
    assert stored == {"id", "day", "objective", "count"}  # nothing about who or what
    rows = {row.number: row for row in supply_and_demand()}
    assert (rows[10].practices, rows[10].missed_searches) == (1, 2)
    assert rows[21].unmet
    assert not rows[10].unmet
    page = client.get("/en/insights/").content.decode()
    assert "Searches that found nothing" in page


def test_the_site_search_counts_a_miss_without_objective(client):
    client.get("/en/search/", {"q": "zzyzx qwv"})
    assert list(MissedSearch.objects.values_list("objective", "count")) == [(0, 1)]


def test_contributions_and_registrations_count_under_their_objectives():
    people = [UserFactory() for _ in range(3)]
    public = make_space(slug="trafficking-talks")
    public.objectives.set(Objective.objects.filter(number__in=[10, 7]))
    question = make_question(public)
    for person in people:
        make_contribution(question, person)
    make_contribution(question, people[0], status=ContributionStatus.PENDING)  # not published
    private = make_space(slug="states-only", access=Access.INVITED)
    private.objectives.set(Objective.objects.filter(number=10))
    make_contribution(make_question(private), people[0])  # a private space: not counted
    event = make_event()
    event.objectives.set(Objective.objects.filter(number=10))
    Registration.objects.create(event=event, user=people[0], status=RegistrationStatus.CONFIRMED)
    Registration.objects.create(event=event, user=people[1], status=RegistrationStatus.WAITLISTED)
    Registration.objects.create(event=event, user=people[2], status=RegistrationStatus.CANCELLED)
    rows = {row.number: row for row in supply_and_demand()}
    assert (rows[10].contributions, rows[10].registrations) == (3, 2)
    assert (rows[7].contributions, rows[7].registrations) == (3, 0)
    assert rows[10].asked == 5
    assert rows[10].unmet  # nothing published on it yet
    assert rows[1].asked == 0
