"""The API's field names and order are a published contract: pinned here, derived from the
field schema (submissions/fields.py) plus the record's own keys (slug, call, url...)."""

import pytest

from api.serializers import PracticeDetailSerializer, PracticeSerializer, ResourceSerializer
from tests.factories import PracticeFactory, ResourceFactory

pytestmark = pytest.mark.django_db

PRACTICE_LIST = [
    "slug",
    "title",
    "summary",
    "language",
    "objectives",
    "secondary_objectives",
    "principles",
    "sdgs",
    "countries",
    "regions",
    "scope",
    "type",
    "start_year",
    "end_year",
    "implementer",
    "implementer_type",
    "partners",
    "call",
    "featured",
    "published_at",
    "licence",
    "url",
]
PRACTICE_DETAIL = [
    *PRACTICE_LIST,
    "description",
    "local_place",
    "results",
    "innovation",
    "replicability",
    "sustainability",
    "lessons",
    "recommendations",
    "migrant_involvement",
    "target_groups",
    "budget",
    "links",
]
RESOURCE = [
    "slug",
    "title",
    "abstract",
    "language",
    "other_languages",
    "type",
    "publisher",
    "authors",
    "year",
    "objectives",
    "secondary_objectives",
    "principles",
    "countries",
    "regions",
    "scope",
    "published_at",
    "link",
    "url",
]


def test_practice_answers_keep_their_keys_in_order(client):
    PracticeFactory(slug="kept", budget="Some money", links=["https://example.org/a"])
    listed = client.get("/api/v1/practices/").json()["results"][0]
    assert list(listed) == PRACTICE_LIST
    detail = client.get("/api/v1/practices/kept/").json()
    assert list(detail) == PRACTICE_DETAIL
    assert detail["budget"] == "Some money"
    assert detail["links"] == ["https://example.org/a"]


def test_resource_answers_keep_their_keys_in_order(client):
    ResourceFactory(slug="kept", url="https://example.org/r")
    listed = client.get("/api/v1/resources/").json()["results"][0]
    assert list(listed) == RESOURCE
    assert listed["link"] == "https://example.org/r"


def test_serializer_field_lists_are_the_published_ones():
    assert list(PracticeSerializer.Meta.fields) == PRACTICE_LIST
    assert list(PracticeDetailSerializer.Meta.fields) == PRACTICE_DETAIL
    assert list(ResourceSerializer.Meta.fields) == RESOURCE
