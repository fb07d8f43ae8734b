"""The listing's in-memory facet index gives the same items, order and counts as the database
filters (the API, feeds and exports use the latter); it is rebuilt when content changes."""

import random
import time

import pytest
from django.http import QueryDict

from repository.filters import PracticeFilterSet, ResourceFilterSet
from repository.listing import PRACTICE_FACETS, RESOURCE_FACETS
from repository.listing import index as facet_index
from repository.models import Practice, Resource
from repository.selectors import practice_listing, resource_listing
from taxonomy.models import Language, PracticeType, ScopeLevel
from tests.factories import PracticeFactory, ResourceFactory

pytestmark = pytest.mark.django_db

COMBINATIONS = [
    "",
    "objective=10",
    "objective=10&objective=7",
    "objective=7&scope=national",
    "region=2&type=policy",
    "country=ke&principle=gender-responsive",
    "objective=10&region=142&type=project",
    "sdg=5&language=fr",
    "year=2020",
    "year=2020&objective=1",
    "scope=global&scope=local&sort=newest",
    "objective=99",
    "objective=ten&scope=national",
]


def _practices(count=30):
    rng = random.Random(3)
    scopes = list(ScopeLevel.objects.filter(slug__in=["global", "regional", "national", "local"]))
    types = list(PracticeType.objects.filter(slug__in=["project", "policy", "partnership"]))
    languages = list(Language.objects.filter(code__in=["en", "fr", "es"]))
    for _ in range(count):
        start = rng.choice([None, 2015, 2019, 2021])
        PracticeFactory(
            scope=rng.choice(scopes),
            practice_type=rng.choice(types),
            language=rng.choice(languages),
            start_year=start,
            end_year=rng.choice([None, start + 1, 2024]) if start else None,
            tags={
                "objectives": rng.sample([1, 7, 10, 23], rng.randint(1, 2)),
                "secondary_objectives": rng.sample([2, 5], rng.randint(0, 1)),
                "principles": rng.sample(
                    ["gender-responsive", "child-sensitive"], rng.randint(0, 2)
                ),
                "sdgs": rng.sample([5, 8, 10], rng.randint(0, 2)),
                "countries": rng.sample(["KE", "SN", "MX", "TH"], rng.randint(0, 2)),
                "regions": rng.sample([2, 19, 142], rng.randint(0, 1)),
            },
        )
    PracticeFactory(status="withdrawn", tags={"objectives": [10]})


def _database_ids(filterset_class, model, query):
    qs = filterset_class(data=QueryDict(query), queryset=model.objects.published()).qs
    return list(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("query", COMBINATIONS)
def test_practice_listing_matches_the_database_filters(query):
    _practices()
    listing = practice_listing(user=None, params=QueryDict(query))
    shown = list(listing.ids)
    assert shown == _database_ids(PracticeFilterSet, Practice, query)


@pytest.mark.parametrize("query", COMBINATIONS[:8])
def test_practice_facet_counts_match_the_database(query):
    _practices()
    listing = practice_listing(user=None, params=QueryDict(query))
    for facet in listing.facets:
        assert facet.name in PRACTICE_FACETS
        for value in facet.values:
            params = QueryDict(query, mutable=True)
            params.setlist(facet.name, [value.key])
            expected = len(_database_ids(PracticeFilterSet, Practice, params.urlencode()))
            assert value.count == expected, (facet.name, value.key)


def test_resource_listing_and_counts_match_the_database():
    for n, year in enumerate([2019, 2021, 2021, 2023]):
        ResourceFactory(year=year, tags={"objectives": [10 if n % 2 else 7], "regions": [2]})
    for query in ("", "year=2021", "objective=10", "region=2&objective=7"):
        listing = resource_listing(user=None, params=QueryDict(query))
        shown = list(listing.ids)
        assert shown == _database_ids(ResourceFilterSet, Resource, query)
    objective = next(f for f in resource_listing(user=None, params=QueryDict()).facets)
    assert {v.key: v.count for v in objective.values if v.count} == {"7": 2, "10": 2}
    assert len(RESOURCE_FACETS) == len(resource_listing(user=None, params=QueryDict()).facets)


def test_snapshot_is_rebuilt_only_when_content_changes():
    _practices(3)
    first = facet_index.snapshot(Practice)
    assert facet_index.snapshot(Practice) is first
    PracticeFactory()
    second = facet_index.snapshot(Practice)
    assert second is not first
    assert second.size == first.size + 1


def test_orm_writes_outside_the_services_move_the_version():
    practice = PracticeFactory()
    before = facet_index.snapshot(Practice)
    practice.status = "withdrawn"
    practice.save()
    assert facet_index.snapshot(Practice).size == before.size - 1


@pytest.mark.django_db(transaction=True)
def test_large_snapshots_are_rebuilt_in_the_background(vocabulary, monkeypatch):
    PracticeFactory()
    monkeypatch.setattr(facet_index, "SYNC_BUILD_LIMIT", 1)
    monkeypatch.setattr(facet_index, "_snapshots", {})
    old = facet_index.snapshot(Practice)  # none yet: built in the request
    PracticeFactory()
    assert facet_index.snapshot(Practice) is old  # stale while the thread rebuilds
    for _ in range(100):
        if not facet_index.rebuilding():
            break
        time.sleep(0.05)
    assert facet_index.snapshot(Practice).size == old.size + 1


def test_years_count_the_practices_active_each_year_with_the_other_facets():
    PracticeFactory(start_year=2018, end_year=2019, tags={"objectives": [10]})
    PracticeFactory(start_year=2019, end_year=None, tags={"objectives": [10]})
    PracticeFactory(start_year=2019, end_year=None, tags={"objectives": [1]})
    PracticeFactory(start_year=None, tags={"objectives": [10]})
    years = dict(practice_listing(user=None, params=QueryDict("objective=10&year=2018")).years)
    assert years[2018] == 1
    assert years[2019] == 2  # one ended that year, one started: both active
    assert years[2020] == 1
    for year, count in years.items():  # the same as choosing the year
        query = f"objective=10&year={year}"
        assert count == len(_database_ids(PracticeFilterSet, Practice, query))


def test_resource_years_are_years_of_publication():
    ResourceFactory(year=2021)
    ResourceFactory(year=2021)
    ResourceFactory(year=2023)
    assert resource_listing(user=None, params=QueryDict()).years == [(2023, 1), (2021, 2)]
