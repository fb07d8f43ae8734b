from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from repository.models import Practice, Resource
from repository.selectors import item_cards, practice_listing, related_resources
from taxonomy.models import ScopeLevel
from tests.factories import PracticeFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def scope(slug):
    return ScopeLevel.objects.get(slug=slug)


def listing(query=""):
    return practice_listing(user=None, params=QueryDict(query))


def facet(result, name):
    return {v.key: v.count for v in next(f for f in result.facets if f.name == name).values}


def test_default_order_is_global_then_regional_then_national_then_local():
    now = timezone.now()
    PracticeFactory(slug="local", scope=scope("local"), tags={"objectives": [1]})
    PracticeFactory(
        slug="national", scope=scope("national"), tags={"objectives": [1], "countries": ["KE"]}
    )
    PracticeFactory(
        slug="multi-country",
        scope=scope("national"),
        tags={"objectives": [1], "countries": ["KE", "UG"]},
    )
    PracticeFactory(
        slug="regional", scope=scope("regional"), tags={"objectives": [1], "regions": [2]}
    )
    PracticeFactory(
        slug="multi-regional",
        scope=scope("regional"),
        tags={"objectives": [1], "regions": [2, 150]},
    )
    PracticeFactory(slug="global-old", scope=scope("global"), published_at=now - timedelta(days=9))
    PracticeFactory(slug="global-new", scope=scope("global"), published_at=now)
    PracticeFactory(
        slug="global-broad",
        scope=scope("global"),
        published_at=now - timedelta(days=30),
        tags={"objectives": [1, 2], "secondary_objectives": [3]},
    )
    slugs = [p.slug for p in listing().page.object_list]
    assert slugs == [
        "global-broad",  # more objectives first
        "global-new",  # then newest
        "global-old",
        "multi-regional",
        "regional",
        "multi-country",
        "national",
        "local",
    ]


def test_sorts_by_newest_and_title():
    now = timezone.now()
    PracticeFactory(title="Beta", published_at=now - timedelta(days=1), scope=scope("global"))
    PracticeFactory(title="Alpha", published_at=now - timedelta(days=2), scope=scope("local"))
    PracticeFactory(title="Gamma", published_at=now, scope=scope("national"))
    assert [p.title for p in listing("sort=newest").page.object_list] == ["Gamma", "Beta", "Alpha"]
    assert [p.title for p in listing("sort=title").page.object_list] == ["Alpha", "Beta", "Gamma"]


def test_objective_facet_matches_primary_or_secondary_and_counts_with_other_facets():
    PracticeFactory(scope=scope("global"), tags={"objectives": [10]})
    PracticeFactory(scope=scope("national"), tags={"objectives": [7], "secondary_objectives": [10]})
    PracticeFactory(scope=scope("national"), tags={"objectives": [7]})
    assert listing("objective=10").total == 2
    result = listing("objective=10&scope=national")
    assert result.total == 1
    # Counts of a facet ignore its own selection but apply the others.
    assert facet(result, "objective")["7"] == 2
    assert facet(result, "objective")["10"] == 1
    assert facet(result, "scope") == {"global": 1, "regional": 0, "national": 1, "local": 0}


def test_values_of_one_facet_are_alternatives():
    PracticeFactory(tags={"objectives": [1], "countries": ["KE"]})
    PracticeFactory(tags={"objectives": [1], "countries": ["SN"]})
    PracticeFactory(tags={"objectives": [1], "countries": ["FR"]})
    assert listing("country=KE&country=SN").total == 2
    assert listing("country=ke").total == 1


def test_region_facet_includes_practices_tagged_by_country():
    PracticeFactory(tags={"objectives": [1], "countries": ["KE"]})
    PracticeFactory(tags={"objectives": [1], "countries": ["FR"]})
    result = listing("region=2")
    assert result.total == 1
    assert facet(result, "region")["2"] == 1
    assert facet(result, "region")["150"] == 1


def test_search_ranks_matching_practices_first():
    shelters = PracticeFactory(
        title="Safe shelters", summary="Housing for survivors of trafficking."
    )
    network = PracticeFactory(
        title="Other",
        implementer="Shelter Network",
        summary="Beds for people escaping exploitation.",
    )
    PracticeFactory(title="Remittance fees", summary="Cheaper transfers of money home.")
    assert next(iter(listing("q=safe+shelters+for+survivors").page.object_list)).pk == shelters.pk
    assert network.pk in [c.pk for c in listing("q=SHELTER+NETWORK").page.object_list][:2]


def test_year_filter_keeps_practices_active_that_year():
    PracticeFactory(start_year=2015, end_year=2017)
    PracticeFactory(start_year=2018, end_year=None)
    assert listing("year=2016").total == 1
    assert listing("year=2024").total == 1
    assert listing("year=2017").total == 1


def test_unpublished_practices_are_not_listed():
    PracticeFactory(status="unpublished")
    PracticeFactory()
    assert listing().total == 1


def test_related_resources_share_an_objective_and_follow_new_publications():
    practice = PracticeFactory(tags={"objectives": [10, 7]})
    ResourceFactory(title="On objective ten", tags={"objectives": [10]})
    ResourceFactory(title="On objective one", tags={"objectives": [1]})
    assert [r.title for r in related_resources(practice=practice)] == ["On objective ten"]
    ResourceFactory(title="On objective seven", tags={"objectives": [7]})
    titles = [r.title for r in related_resources(practice=practice)]
    assert titles == ["On objective seven", "On objective ten"]  # newest first, not a stale copy


def test_cards_by_id_keep_the_order_asked_and_only_primary_objectives():
    first = PracticeFactory(tags={"objectives": [10, 7], "secondary_objectives": [3]})
    second = PracticeFactory(tags={"objectives": [1]})
    hidden = PracticeFactory(status="unpublished")
    cards = item_cards(Practice, [second.pk, hidden.pk, first.pk])
    assert [c.pk for c in cards] == [second.pk, first.pk]  # unpublished left out
    assert [o.number for o in cards[1].primary_objectives] == [10, 7]  # their order, no 3
    assert cards[1].summary == first.summary
    assert cards[1].language.code == first.language.code
    assert cards[1].get_absolute_url() == first.get_absolute_url()
    same = item_cards(Practice, Practice.objects.filter(pk=first.pk).order_by("pk"))
    assert same == [cards[1]]  # the queryset form reads the same card
    untagged = ResourceFactory(tags={"objectives": []})
    resource = item_cards(Resource, [untagged.pk])[0]
    assert resource.primary_objectives == []
    assert resource.abstract == untagged.abstract
