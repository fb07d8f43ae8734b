"""The gap map (API, page, CSV) counts exactly what the public listings count."""

import csv
import io
import random
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from calls.models import Call
from insights.selectors import supply_and_demand
from repository.models import Practice, Resource
from repository.selectors import practice_listing, resource_listing
from support.services import request_file
from taxonomy.models import Country, Language, Objective, PracticeType
from tests.factories import CallFactory, PracticeFactory, ResourceFactory, UserFactory
from tests.matrix import Case, check_matrix

pytestmark = pytest.mark.django_db

API = "/api/v1/coverage/"
PAGE = "/en/insights/"
PAIRS = [
    ("objective", "region"),
    ("principle", "type"),
    ("language", "country"),
    ("region", "objective"),
    ("country", "principle"),
]


def _items(count=24, seed=5):
    rng = random.Random(seed)
    types = list(PracticeType.objects.filter(slug__in=["project", "policy", "partnership"]))
    languages = list(Language.objects.filter(code__in=["en", "fr", "es"]))
    for _ in range(count):
        PracticeFactory(
            practice_type=rng.choice(types),
            language=rng.choice(languages),
            tags={
                "objectives": rng.sample([1, 7, 10, 23], rng.randint(1, 2)),
                "principles": rng.sample(
                    ["gender-responsive", "child-sensitive"], rng.randint(0, 2)
                ),
                "countries": rng.sample(["KE", "SN", "MX", "TH"], rng.randint(0, 2)),
                "regions": rng.sample([2, 19, 142], rng.randint(0, 1)),
            },
        )
    for n in range(4):
        ResourceFactory(tags={"objectives": [10 if n % 2 else 7], "regions": [2]})
    # never counted: an unpublished practice on every value of the grid
    PracticeFactory(
        status="withdrawn", tags={"objectives": [10], "countries": ["KE"], "regions": [2]}
    )


def _listing_count(content, rows, row, cols, col):
    listing = practice_listing if content == "practice" else resource_listing
    params = QueryDict(mutable=True)
    params[rows], params[cols] = row, col
    return listing(user=None, params=params).total


@pytest.mark.parametrize(("rows", "cols"), PAIRS)
def test_every_api_cell_equals_the_listing_count(client, rows, cols):
    _items()
    data = client.get(API, {"rows": rows, "cols": cols}).json()
    assert len(data["cells"]) == len(data["rows"]) * len(data["cols"]) > 0
    assert sum(c["count"] for c in data["cells"]) > 0
    for cell in data["cells"]:
        expected = _listing_count("practice", rows, cell["row"], cols, cell["col"])
        assert cell["count"] == expected, cell


def test_resource_cells_equal_the_resource_listing(client):
    _items()
    data = client.get(API, {"content": "resource"}).json()
    assert {c["count"] for c in data["cells"]} >= {0, 2}
    for cell in data["cells"]:
        assert cell["count"] == _listing_count(
            "resource", "objective", cell["row"], "region", cell["col"]
        )


@pytest.mark.parametrize(("rows", "cols"), PAIRS[:3])
def test_every_page_cell_shows_and_links_the_listing_count(client, rows, cols):
    _items()
    html = client.get(PAGE, {"rows": rows, "cols": cols}).content.decode()
    links = re.findall(r'<a href="/en/practices/\?([^"]+)">(\d+)</a>', html)
    api = client.get(API, {"rows": rows, "cols": cols}).json()
    assert len(links) == sum(1 for c in api["cells"] if c["count"])
    for query, shown in links:
        params = QueryDict(query.replace("&amp;", "&"))
        total = practice_listing(user=None, params=params).total
        assert int(shown) == total > 0
        assert set(params) == {rows, cols}


def test_api_shape_labels_and_defaults(client):
    _items()
    response = client.get(API)
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"rows", "cols", "cells"}
    assert len(data["rows"]) == 23  # every objective, gaps included
    assert {"value": "10", "label": data["rows"][9]["label"]} == data["rows"][9]
    assert "2" in {c["value"] for c in data["cols"]}  # regions by M49 code
    assert set(data["cells"][0]) == {"row", "col", "count"}
    assert "@" not in response.content.decode()


def test_unpublished_items_are_not_counted(client):
    PracticeFactory(status="withdrawn", tags={"objectives": [10], "regions": [2]})
    data = client.get(API).json()
    assert all(c["count"] == 0 for c in data["cells"])


@pytest.mark.parametrize(
    "query",
    [
        {"rows": "region", "cols": "region"},
        {"rows": "colour"},
        {"cols": "x" * 5000},
        {"content": "expert"},
        {"rows": "objective", "cols": "objective", "content": "resource"},
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, query):
    response = client.get(API, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert "x" * 100 not in body
    assert "different dimensions" in body or "Choose one of the values offered" in body


def test_page_with_bad_parameters_explains_and_still_shows_a_grid(client):
    response = client.get(PAGE, {"rows": "type", "cols": "type"})
    assert response.status_code == 400
    assert "Choose two different dimensions" in response.content.decode()
    assert "<table" in response.content.decode()


def test_page_headline_figures(client):
    _items()
    CallFactory()
    response = client.get(PAGE)
    figures = {series.key: series.value for series in response.context["statistics"]}
    assert figures["practices"] == 24
    assert figures["resources"] == 4
    assert figures["calls"] == Call.objects.public().count()
    assert figures["languages"] == len({p.language_id for p in _published()})
    assert b'scope="col"' in response.content
    assert b'scope="row"' in response.content
    assert b"<caption" in response.content


def _published():
    return [*Practice.objects.published(), *Resource.objects.published()]


def test_csv_download_has_the_grid(client):
    _items()
    api = client.get(API, {"rows": "principle", "cols": "type"}).json()
    for url in (
        f"{PAGE}?rows=principle&cols=type&format=csv",
        "/en/insights/coverage.csv?rows=principle&cols=type",
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/csv")
        table = list(csv.reader(io.StringIO(response.content.decode())))
        assert list(table[0][1:]) == [c["label"] for c in api["cols"]]
        counts = [int(n) for line in table[1:] for n in line[1:]]
        assert counts == [c["count"] for c in api["cells"]]


def test_insights_is_public_to_every_role():
    problems = check_matrix(
        [Case(PAGE, {"*": "ok"}), Case(API, {"*": "ok"}), Case(f"{PAGE}coverage.csv", {"*": "ok"})]
    )
    assert problems == []


@pytest.mark.parametrize("url", [PAGE, API, f"{PAGE}?rows=country&cols=language&content=resource"])
def test_queries_do_not_grow_with_the_items(client, django_assert_num_queries, url):
    _items(count=3, seed=1)
    client.get(url)  # facet index and vocabulary caches warm
    connection.queries_log.clear()  # the log keeps 9,000 queries; creating items fills it
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    count = len(few.captured_queries)
    assert count > 0
    _items(count=30, seed=2)
    client.get(url)  # the facet index is rebuilt once after the writes
    connection.queries_log.clear()
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def test_footer_links_to_insights(client):
    assert b'href="/en/insights/"' in client.get("/en/").content


def test_empty_hub_gives_an_empty_grid_and_a_sentence(client):
    data = client.get(API, {"rows": "language", "cols": "country"}).json()
    assert data == {"rows": [], "cols": [], "cells": []}
    page = client.get(PAGE, {"rows": "language", "cols": "country"}).content.decode()
    assert "No published item carries these values yet." in page
    assert '<table class="gap-map">' not in page  # the charts' tables stay


@pytest.mark.parametrize(
    "query",
    [
        "rows=" + "9" * 5000,
        "cols=%C2%B2",
        "content=%00",
        "rows=objective&cols=objective&format=csv",
    ],
)
def test_page_never_fails_on_hostile_parameters(client, query):
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body or "Choose one of the values offered." in body
    assert "<table" in body  # the default grid, below the explanation


def test_supply_and_demand_counts_practices_and_requests_per_objective(client):
    PracticeFactory(tags={"objectives": [10], "secondary_objectives": [7]})
    PracticeFactory(tags={"objectives": [10]})
    request_file(
        actor=UserFactory(roles=["member", "focal_point"]),
        country=Country.objects.get(code="SN"),
        institution="Ministry of the Interior",
        title="Return and reintegration",
        need="Help returning migrants find work and housing, and protect victims of trafficking.",
        language="en",
        support_type="technical_advice",
        objectives=Objective.objects.filter(number__in=[10, 21]),
        languages=Language.objects.filter(code="en"),
    )
    rows = {row.number: row for row in supply_and_demand()}
    assert (rows[10].practices, rows[10].requests) == (2, 1)
    assert (rows[7].practices, rows[7].requests) == (1, 0)
    assert rows[21].unmet
    assert not rows[10].unmet
    page = client.get("/en/insights/").content.decode()
    assert "Supply and demand" in page
    assert "(unmet)" in page
    assert f'class="demand__count" href="{rows[10].url}">2</a>' in page
    listing = client.get(rows[10].url)
    assert "2 practices" in listing.content.decode()
