import pytest
from rest_framework.throttling import AnonRateThrottle

from repository.services import practice_unpublish
from taxonomy.models import Language
from tests.factories import CallFactory, PracticeFactory, ResourceFactory
from tests.matrix import Case, check_matrix

pytestmark = pytest.mark.django_db


def test_practice_items_carry_the_documented_fields(client):
    practice = PracticeFactory(
        slug="clinics",
        tags={"objectives": [15, 7], "secondary_objectives": [1], "countries": ["MX", "GT"]},
    )
    data = client.get("/api/v1/practices/").json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["slug"] == "clinics"
    assert item["title"] == practice.title
    assert item["summary"] == practice.summary
    assert item["language"] == "en"
    assert item["objectives"] == [15, 7]
    assert item["secondary_objectives"] == [1]
    assert item["countries"] == ["GT", "MX"]
    assert item["scope"] == "national"
    assert item["type"] == "project"
    assert item["url"] == "http://testserver/en/practices/clinics/"


def test_practice_filters_are_the_listing_facets(client):
    PracticeFactory(slug="a", tags={"objectives": [10], "countries": ["KE"]})
    PracticeFactory(slug="b", tags={"objectives": [10], "countries": ["FR"]})
    PracticeFactory(slug="c", language=Language.objects.get(code="fr"), tags={"objectives": [1]})
    slugs = lambda url: sorted(i["slug"] for i in client.get(url).json()["results"])  # noqa: E731
    assert slugs("/api/v1/practices/?objective=10") == ["a", "b"]
    assert slugs("/api/v1/practices/?objective=10&region=2") == ["a"]
    assert slugs("/api/v1/practices/?language=fr") == ["c"]
    assert slugs("/api/v1/practices/?q=practice&objective=1&objective=10") == ["a", "b", "c"]


def test_unpublished_practices_are_not_in_the_api(client):
    practice = PracticeFactory(slug="hidden")
    practice_unpublish(practice=practice)
    assert client.get("/api/v1/practices/").json()["count"] == 0
    assert client.get("/api/v1/practices/hidden/").status_code == 404


def test_practice_detail_has_the_long_texts(client):
    PracticeFactory(slug="long", lessons="Listen first.")
    data = client.get("/api/v1/practices/long/").json()
    assert data["lessons"] == "Listen first."


def test_resources_calls_and_vocabularies(client):
    ResourceFactory(slug="guide", tags={"objectives": [6]})
    CallFactory(slug="open-call")
    assert client.get("/api/v1/resources/?objective=6").json()["results"][0]["slug"] == "guide"
    assert client.get("/api/v1/calls/").json()["results"][0]["slug"] == "open-call"
    objectives = client.get("/api/v1/vocabularies/objectives/").json()
    assert len(objectives) == 23
    assert objectives[9]["number"] == 10
    french = client.get("/api/v1/vocabularies/objectives/10/", headers={"Accept-Language": "fr"})
    assert french.json()["short_name"] == "Éliminer la traite"
    assert client.get("/api/v1/vocabularies/countries/KE/").json()["region"] == 2


def test_cors_etag_and_not_modified(client):
    PracticeFactory()
    response = client.get("/api/v1/practices/", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.has_header("Last-Modified")
    etag = response["ETag"]
    again = client.get("/api/v1/practices/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.post("/api/v1/practices/", {}).status_code in (401, 403, 405)


def test_api_query_count_is_constant(client, django_assert_max_num_queries):
    for _ in range(3):
        PracticeFactory(tags={"objectives": [1, 2], "countries": ["KE"]})
    with django_assert_max_num_queries(20) as small:
        client.get("/api/v1/practices/")
    for _ in range(15):
        PracticeFactory(tags={"objectives": [1, 2], "countries": ["KE"]})
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/api/v1/practices/")


def test_schema_and_local_docs(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/practices/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn" not in docs.lower()


def test_permission_matrix_for_open_data_urls():
    PracticeFactory(slug="open")
    hidden = PracticeFactory(slug="closed")
    practice_unpublish(practice=hidden)
    ok = {"*": "ok"}
    cases = [
        Case("/api/v1/practices/", ok),
        Case("/api/v1/practices/open/", ok),
        Case("/api/v1/practices/closed/", {"*": "hidden"}),
        Case("/api/v1/resources/", ok),
        Case("/api/v1/calls/", ok),
        Case("/api/v1/vocabularies/objectives/", ok),
        Case("/api/schema/", ok),
        Case("/api/docs/", ok),
        Case("/api/redoc/", ok),
        Case("/oai?verb=Identify", ok),
        Case("/sitemap.xml", ok),
    ]
    assert check_matrix(cases) == []


def test_invalid_parameters_are_rejected_not_ignored(client):
    assert client.get("/api/v1/practices/?year=0.5").status_code == 400
    assert client.get("/api/v1/practices/?page_size=0").status_code == 400
    assert client.get("/api/v1/practices/?page_size=101").status_code == 400
    missing = client.get("/api/v1/practices/no%20such%20thing!/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"


@pytest.mark.parametrize("query", ["sort=", "sort=%20", "year=", "sort=newest&sort="])
def test_an_empty_choice_or_number_is_rejected_as_the_schema_says(client, query):
    response = client.get(f"/api/v1/practices/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert client.get(f"/api/v1/resources/?{query}").status_code == 400


def test_the_listing_pages_still_accept_an_empty_sort(client):
    """The HTML filter form sends ``sort=`` when nothing is chosen."""
    assert client.get("/en/practices/?sort=").status_code == 200
    assert client.get("/api/v1/practices/?sort=title").status_code == 200


def test_the_api_keeps_its_answers_until_the_content_changes(client):
    practice = PracticeFactory(slug="kept", title="Shelters run by survivors")
    first = client.get("/api/v1/practices/")
    again = client.get("/api/v1/practices/")
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again.json() == first.json()
    assert again["Last-Modified"] == first["Last-Modified"]
    assert client.get("/api/v1/practices/kept/")["X-Page-Cache"] == "miss"
    assert client.get("/api/v1/practices/kept/")["X-Page-Cache"] == "hit"

    practice.title = "Shelters run by survivors' associations"
    practice.save()
    changed = client.get("/api/v1/practices/")
    assert changed["X-Page-Cache"] == "miss"
    assert changed.json()["results"][0]["title"] == "Shelters run by survivors' associations"
    item = client.get("/api/v1/practices/kept/").json()
    assert item["title"] == "Shelters run by survivors' associations"


def test_kept_api_data_is_rendered_in_the_format_each_reader_asks_for(client):
    PracticeFactory(title="Mobile legal clinics")
    assert client.get("/api/v1/practices/", headers={"Accept": "application/json"}).json()
    html = client.get("/api/v1/practices/", headers={"Accept": "text/html"})
    assert html["X-Page-Cache"] == "hit"
    assert html["Content-Type"].startswith("text/html")
    assert "Mobile legal clinics" in html.content.decode()


def test_the_throttle_holds_for_kept_answers_too(client, monkeypatch):
    PracticeFactory()
    assert client.get("/api/v1/practices/")["X-Page-Cache"] == "miss"
    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda self, request, view: False)
    monkeypatch.setattr(AnonRateThrottle, "wait", lambda self: 60)
    assert client.get("/api/v1/practices/").status_code == 429
