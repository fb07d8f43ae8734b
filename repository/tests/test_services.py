import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from repository.choices import PublicationStatus, scope_rank
from repository.models import Practice
from repository.selectors import practice_listing
from repository.services import (
    PublicationError,
    item_refresh,
    practice_republish,
    practice_unpublish,
    practice_update,
    resource_unpublish,
)
from taxonomy.models import Country, Language, Region
from tests.factories import PracticeFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def test_scope_rank_follows_the_hub_rule():
    ranks = [
        scope_rank("global", regions=0, countries=0),
        scope_rank("regional", regions=2, countries=0),
        scope_rank("regional", regions=1, countries=0),
        scope_rank("national", regions=0, countries=3),
        scope_rank("national", regions=0, countries=1),
        scope_rank("local", regions=0, countries=1),
    ]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == 6


def test_unpublish_keeps_the_practice_and_is_audited():
    practice = PracticeFactory()
    practice_unpublish(practice=practice, note="outdated")
    practice.refresh_from_db()
    assert practice.status == PublicationStatus.UNPUBLISHED
    assert Practice.objects.filter(pk=practice.pk).exists()
    event = AuditEvent.objects.get(target_id=str(practice.pk), verb="unpublished")
    assert (event.from_status, event.to_status, event.note) == (
        "published",
        "unpublished",
        "outdated",
    )


def test_publish_twice_is_refused():
    practice = PracticeFactory()
    with pytest.raises(PublicationError):
        practice_republish(practice=practice)
    practice_unpublish(practice=practice)
    practice_republish(practice=practice)
    assert Practice.objects.get(pk=practice.pk).status == PublicationStatus.PUBLISHED


def test_resource_unpublish_is_audited():
    resource = ResourceFactory()
    resource_unpublish(resource=resource)
    assert AuditEvent.objects.filter(target_id=str(resource.pk), verb="unpublished").exists()


def test_update_refuses_status_and_audits_changes():
    practice = PracticeFactory()
    practice_update(practice=practice, title="A better title")
    assert Practice.objects.get(pk=practice.pk).title == "A better title"
    assert AuditEvent.objects.filter(target_id=str(practice.pk), verb="updated").exists()
    with pytest.raises(ValueError, match="status"):
        practice_update(practice=practice, status="unpublished")


def test_tags_keep_primary_objectives_in_order_and_count_all():
    practice = PracticeFactory(tags={"objectives": [10, 7], "secondary_objectives": [23, 1]})
    practice = Practice.objects.get(pk=practice.pk)
    assert [o.number for o in practice.primary_objectives] == [10, 7]
    assert [o.number for o in practice.secondary_objectives] == [23, 1]
    assert practice.objective_count == 4


def test_multi_country_practice_ranks_before_single_country():
    many = PracticeFactory(tags={"objectives": [1], "countries": ["KE", "UG"]})
    one = PracticeFactory(tags={"objectives": [1], "countries": ["KE"]})
    many.refresh_from_db()
    one.refresh_from_db()
    assert many.scope_rank < one.scope_rank


def test_countries_place_a_practice_in_their_regions():
    practice = PracticeFactory(tags={"objectives": [1], "countries": ["KE"]})
    covered = set(practice.covered_regions.values_list("m49", flat=True))
    kenya = Region.objects.filter(m49__in=covered)
    assert 2 in covered  # Africa
    assert kenya.filter(level="subregion").exists()


def test_refresh_recomputes_rank_after_tags_change_outside_services():
    practice = PracticeFactory(tags={"objectives": [1], "countries": ["KE"]})
    practice.countries.add(Country.objects.get(code="UG"))  # as the admin's form would
    item_refresh(item=practice)
    practice.refresh_from_db()
    assert practice.scope_rank == scope_rank("national", regions=0, countries=2)
    assert practice.covered_regions.filter(m49=2).exists()


def test_facet_counts_follow_publication_changes():
    def objective_10_count():
        result = practice_listing(user=None, params=QueryDict("scope=national"))
        objective = next(f for f in result.facets if f.name == "objective")
        return next(v.count for v in objective.values if v.key == "10")

    practice = PracticeFactory(tags={"objectives": [10]})
    assert objective_10_count() == 1
    assert objective_10_count() == 1  # the same snapshot, not rebuilt
    practice_unpublish(practice=practice)
    assert objective_10_count() == 0


def test_resource_refresh_keeps_other_languages():
    resource = ResourceFactory()
    resource.other_languages.add(Language.objects.get(code="fr"))
    item_refresh(item=resource)
    assert list(resource.other_languages.values_list("code", flat=True)) == ["fr"]


def test_writes_warm_the_unfiltered_facet_counts(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PracticeFactory(tags={"objectives": [10]})
    with CaptureQueriesContext(connection) as queries:
        result = practice_listing(user=None, params=QueryDict())
        assert result.total == 1
    assert not [q for q in queries.captured_queries if "GROUP BY" in q["sql"]]
