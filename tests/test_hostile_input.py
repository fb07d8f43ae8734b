"""Hostile input never causes a server error (issue 11.5).

Every listing, feed, export, API list and OAI-PMH request gets each hostile value in each of
its parameters; every step of both submission forms and their autosave get it in each field.
The answer must be a sensible status (200, or 400 where the interface reports bad input),
never a 500, and the draft stays exportable.
"""

import pytest
from django.test import Client, override_settings

from submissions.fields import CONTENT_TYPES
from submissions.models import Submission
from tests.factories import PracticeFactory, ResourceFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "99999999999999999999999",  # larger than any database integer
    "²",  # passes str.isdigit(), refused by int()
    "9" * 5000,  # more digits than int() converts
    "-1",
    "1.5",
    "١٢٣",  # Arabic-Indic digits
    "nul\x00byte",
    "<script>alert(1)</script>",
]
LISTING_PARAMS = [
    "objective", "principle", "region", "country", "scope", "language", "sdg", "type",
    "implementer_type", "call", "q", "year", "sort", "page",
]  # fmt: skip
PAGES = ["/en/practices/", "/en/resources/"]
FEEDS = ["/en/practices/feed/", "/en/resources/feed/"]
EXPORTS = ["/en/practices/export.csv", "/en/practices/export.xlsx"]
API = ["/api/v1/practices/", "/api/v1/resources/", "/api/v1/calls/"]
API_PARAMS = [*LISTING_PARAMS, "page_size"]


@pytest.fixture
def probe(client):
    client.raise_request_exception = False

    def get(url: str, params: dict, allowed: set[int], method: str = "get"):
        response = getattr(client, method)(url, params)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code in allowed, (url, params, response.status_code)
        return response, body

    return get


@pytest.fixture
def published():
    PracticeFactory()
    ResourceFactory()


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_listings_feeds_and_exports_ignore_bad_values(probe, published, value):
    for url in PAGES + FEEDS + EXPORTS:
        for name in LISTING_PARAMS:
            probe(url, {name: value}, {200})
        probe(url, dict.fromkeys(LISTING_PARAMS, value), {200})


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_the_api_answers_bad_values_with_200_or_400(probe, published, value):
    for url in API:
        for name in API_PARAMS:
            probe(url, {name: value}, {200, 400, 404})
    for number_param in ("page_size", "year"):
        probe("/api/v1/practices/", {number_param: value}, {200, 400})


def test_the_api_refuses_a_huge_page_size_with_a_message(probe, published):
    for size in ("9" * 30, "²", "0"):
        _response, body = probe("/api/v1/practices/", {"page_size": size}, {400})
        assert b"whole number from 1 to 100" in body


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_oai_pmh_answers_protocol_errors(probe, published, value):
    for verb in ("ListRecords", "ListIdentifiers"):
        for params in (
            {"set": f"objective:{value}"},
            {"set": value},
            {"from": value},
            {"until": value},
        ):
            probe("/oai", {"verb": verb, "metadataPrefix": "oai_dc", **params}, {200})
        probe("/oai", {"verb": verb, "resumptionToken": value}, {200})
    probe("/oai", {"verb": "GetRecord", "identifier": value, "metadataPrefix": "oai_dc"}, {200})


def test_unknown_content_type_is_a_message_not_a_server_error(client):
    client.raise_request_exception = False
    submission = SubmissionFactory()
    client.force_login(submission.owner)
    answers = {"relates_to_objective": "on", "completion": "completed", "started_after_2018": "yes"}
    response = client.post("/en/submit/?type=evil", answers, follow=True)
    assert response.status_code == 200
    assert "no such kind of submission" in response.content.decode()
    assert Submission.objects.count() == 1
    assert client.get("/en/submit/?type=evil").status_code == 302


def _field_values(step, value):
    return {spec.name: value for spec in step.fields}


@override_settings(RATELIMIT_ENABLE=False)  # hundreds of requests in a few seconds
@pytest.mark.parametrize("content_type", sorted(CONTENT_TYPES))
def test_every_step_and_autosave_take_hostile_values_as_form_errors(content_type):
    submission = SubmissionFactory(content_type=content_type, data={})
    client = Client(raise_request_exception=False)
    client.force_login(submission.owner)
    base = f"/en/submit/{submission.uuid}"
    for step in submission.spec.steps:
        for value in HOSTILE:
            submission.refresh_from_db()
            fields = _field_values(step, value)
            response = client.post(
                f"{base}/step/{step.slug}/",
                {**fields, "revision": submission.revision, "action": "stay"},
            )
            assert response.status_code in {200, 302}, (step.slug, value, response.status_code)
            response = client.post(
                f"{base}/autosave/",
                {**fields, "step": step.slug, "revision": submission.revision},
            )
            assert response.status_code == 200, (step.slug, value, response.status_code)
        for revision in HOSTILE:
            response = client.post(f"{base}/step/{step.slug}/", {"revision": revision})
            assert response.status_code in {200, 302, 409}, (step.slug, revision)
            response = client.post(f"{base}/autosave/", {"step": step.slug, "revision": revision})
            assert response.status_code in {200, 400}, (step.slug, revision)
    submission.refresh_from_db()
    assert "\x00" not in str(submission.data)
    assert client.get(f"{base}/export.docx").status_code == 200
