"""Hostile input on the expert directory, support requests and contact (issue 13): every query
parameter and every form field gets huge integers, non-ASCII digits, NUL bytes, overlong text
and impossible dates. The answer is a page (200), a redirect after a handled refusal (302), or a
400 with the form's message, never a server error, and nothing is stored from a refused form."""

import pytest
from django.core.cache import caches
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contact.models import ContactMessage
from experts.models import ExpertMessage
from support.models import Activity, SupportRequest
from support.tests.conftest import adviser, file_request
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

HOSTILE = [
    "99999999999999999999999",  # larger than any database integer
    "9" * 5000,  # more digits than int() converts
    "²",  # passes str.isdigit(), refused by int()
    "١٢٣",  # Arabic-Indic digits
    "-1",
    "nul\x00byte",
    "x" * 100_001,  # overlong
    "2026-02-30",  # a date that does not exist
    "<script>alert(1)</script>",
]
IDS = ["huge", "digits5000", "superscript", "arabic", "negative", "nul", "long", "date", "html"]
OK = {200, 302, 400}

DIRECTORY_PARAMS = [
    "q", "page", "objective", "principle", "region", "country", "language", "org_type",
    "availability",
]  # fmt: skip


@pytest.fixture
def team():
    return give_totp(UserFactory(roles=["member", "curator"], is_staff=True, name="Team"))


@pytest.fixture
def focal():
    return UserFactory(roles=["member", "focal_point"], name="Focal Point", language="fr")


@pytest.fixture
def expert_profile():
    return adviser("Kwame Asante", "I design reintegration programmes for returnees.")


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _check(client: Client, method: str, url: str, data: dict, allowed=OK) -> int:
    for cache in caches.all():
        cache.clear()  # the rate limits would answer 429 before the form is read
    response = getattr(client, method)(url, data)
    assert response.status_code in allowed, (method, url, list(data), response.status_code)
    return response.status_code


def _stored_nul(queryset, *fields: str) -> bool:
    """Whether a stored row holds a NUL byte (SQLite's LIKE cannot look for one)."""
    return any("\x00" in value for row in queryset.values_list(*fields) for value in row)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_directory_contact_and_api_query_parameters(expert_profile, value):
    visitor = _client()
    for name in DIRECTORY_PARAMS:
        _check(visitor, "get", "/en/experts/", {name: value})
        # DRF answers a page that does not exist with 404 "Invalid page." (as the other lists).
        _check(visitor, "get", "/api/v1/experts/", {name: value}, {200, 400, 404})
    _check(visitor, "get", "/en/experts/", dict.fromkeys(DIRECTORY_PARAMS, value))
    for name in ("category", "call", "subject", "page"):
        _check(visitor, "get", "/en/contact/", {name: value})


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_team_lists_take_bad_filters(team, value):
    client = _client(team)
    for name in ("status", "category", "q", "page"):
        _check(client, "get", "/en/contact/inbox/", {name: value})
    for name in ("view", "page"):
        _check(client, "get", "/en/support/team/", {name: value})
    for name in ("year", "region", "page"):
        _check(client, "get", "/en/support/team/report/", {name: value})
        _check(client, "get", "/en/support/team/report.csv", {name: value})


CONTACT_FIELDS = ["category", "name", "email", "organisation", "subject", "body", "call", "page"]


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_contact_form_fields(value):
    good = {
        "category": "general",
        "name": "Ana",
        "email": "ana@example.org",
        "subject": "A question",
        "body": "Hello",
        "confirmed": "1",
    }
    client = _client()
    for name in CONTACT_FIELDS:
        _check(client, "post", "/en/contact/", {**good, name: value})
    assert not _stored_nul(ContactMessage.objects.all(), *CONTACT_FIELDS[1:6])


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_expert_forms_and_the_relay(expert_profile, value):
    member = UserFactory()
    client = _client(member)
    for name in ("name", "orcid", "bio", "expertise", "links", "country", "objectives",
                 "languages", "availability", "gender", "visibility_bio", "organisation_type"):  # fmt: skip
        _check(client, "post", "/en/experts/me/", {"name": "Ana", name: value})
    for name in ("subject", "body"):
        data = {"subject": "Hello", "body": "A question", name: value}
        _check(client, "post", f"/en/experts/{expert_profile.slug}/contact/", data)
    assert not _stored_nul(ExpertMessage.objects.all(), "subject", "body")
    own = _client(expert_profile.user)
    _check(own, "post", "/en/experts/me/messages/", {"message": value})
    team = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    _check(_client(team), "post", f"/en/experts/team/{expert_profile.slug}/", {"reason": value})


SUPPORT_FIELDS = ["country", "institution", "title", "need", "objectives", "support_type",
                  "timeline", "languages", "public_summary"]  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_support_forms(focal, team, expert_profile, value):
    good = {
        "institution": "Ministère",
        "title": "Réinsertion",
        "need": "Aider les migrants de retour.",
        "support_type": "technical_advice",
    }
    client = _client(focal)
    before = SupportRequest.objects.count()
    for name in SUPPORT_FIELDS:
        _check(client, "post", "/en/support/new/", {**good, name: value})
    assert SupportRequest.objects.count() == before
    item = file_request(focal)
    page = f"/en/support/requests/{item.reference}/"
    for action in ("message", "rate", "agree", value):
        _check(client, "post", page, {"action": action, "body": value, "rating": value})
    staff = _client(team)
    team_page = f"/en/support/team/{item.reference}/"
    for action, field in (("move", "to"), ("move", "note"), ("propose", "experts"),
                          ("propose", "partners"), ("activity", "starts_on"),
                          ("activity", "ends_on"), ("activity", "title"), ("complete", "outcome"),
                          ("note", "body"), ("message", "body")):  # fmt: skip
        _check(staff, "post", team_page, {"action": action, field: value})
    assert not Activity.objects.exists()


@given(reference=st.text(max_size=40))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_reference_in_an_address_is_a_page_or_not_found(reference):
    client = _client()
    quoted = reference.replace("/", "%2F").replace("?", "%3F").replace("#", "%23")
    for prefix in ("/en/support/requests/", "/en/support/shared/", "/en/contact/inbox/"):
        response = client.get(f"{prefix}{quoted}/")
        assert response.status_code in {200, 302, 400, 404}, (prefix, reference)


@given(slug=st.text(max_size=40))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_expert_address_is_a_page_or_not_found(slug):
    quoted = slug.replace("/", "%2F").replace("?", "%3F").replace("#", "%23")
    response = _client().get(f"/en/experts/{quoted}/")
    assert response.status_code in {200, 301, 302, 400, 404}, slug


def test_a_forged_objective_id_is_told_back_as_a_form_error(focal):
    data = {
        "institution": "Ministère",
        "title": "Réinsertion",
        "need": "Aider les migrants de retour.",
        "support_type": "technical_advice",
        "objectives": "9" * 30,
    }
    response = _client(focal).post("/en/support/new/", data)
    assert response.status_code == 400
    assert "is not a valid value" in response.content.decode()


def test_blocking_a_message_that_is_not_there_says_so(expert_profile):
    client = _client(expert_profile.user)
    page = client.post("/en/experts/me/messages/", {"message": "١٢٣"}, follow=True)
    assert "This message is no longer here." in page.content.decode()
