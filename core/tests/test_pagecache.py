"""Public pages kept for visitors without a session (core/pagecache.py): a reader gets the kept
page, a change shows at once, and nobody gets a page made for someone else."""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from core import pagecache, versions
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_visitor_gets_the_kept_page_until_the_practice_changes(client):
    practice = PracticeFactory(title="Safe shelters for survivors")
    first = client.get(f"/en/practices/{practice.slug}/")
    again = client.get(f"/en/practices/{practice.slug}/")
    assert first["X-Page-Cache"] == "miss"
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    # The middleware still runs around a kept page: its security headers are this request's.
    assert again["Content-Security-Policy"]
    assert again["X-Request-ID"] != first["X-Request-ID"]

    practice.title = "Safe shelters for survivors of trafficking"
    practice.save()
    changed = client.get(f"/en/practices/{practice.slug}/")
    assert changed["X-Page-Cache"] == "miss"
    assert "Safe shelters for survivors of trafficking" in changed.content.decode()


def test_the_listing_shows_a_new_practice_at_once(client):
    PracticeFactory(title="First practice on the list")
    assert "First practice on the list" in client.get("/en/practices/").content.decode()
    assert client.get("/en/practices/")["X-Page-Cache"] == "hit"
    PracticeFactory(title="Second practice on the list")
    body = client.get("/en/practices/").content.decode()
    assert "Second practice on the list" in body


def test_each_address_language_and_host_has_its_own_page(client):
    PracticeFactory()
    assert client.get("/en/practices/")["X-Page-Cache"] == "miss"
    assert client.get("/fr/practices/")["X-Page-Cache"] == "miss"
    assert client.get("/en/practices/?objective=1")["X-Page-Cache"] == "miss"
    other_host = client.get("/en/practices/", HTTP_HOST="127.0.0.1")
    assert other_host["X-Page-Cache"] == "miss"
    assert client.get("/en/practices/", HTTP_HX_REQUEST="true")["X-Page-Cache"] == "miss"


def test_a_signed_in_member_always_gets_their_own_page(client):
    practice = PracticeFactory()
    client.get(f"/en/practices/{practice.slug}/")  # kept for visitors
    member = UserFactory(name="Amina Diallo")
    client.force_login(member)
    response = client.get(f"/en/practices/{practice.slug}/")
    assert "X-Page-Cache" not in response
    assert "Amina Diallo" in response.content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client):
    PracticeFactory()
    client.get("/en/practices/")
    client.cookies["messages"] = "something to say"
    assert "X-Page-Cache" not in client.get("/en/practices/")


def test_a_page_holding_a_csrf_token_or_a_cookie_is_never_kept():
    request = RequestFactory().get("/en/somewhere/")

    def with_form(request):
        return HttpResponse(f"<form><input value='{get_token(request)}'></form>")

    assert not pagecache.response_is_keepable(request, with_form(request))
    request = RequestFactory().get("/en/somewhere/")
    response = HttpResponse("hello")
    response.set_cookie("choice", "1")
    assert not pagecache.response_is_keepable(request, response)
    assert not pagecache.response_is_keepable(request, HttpResponse("gone", status=404))
    assert pagecache.response_is_keepable(request, HttpResponse("hello"))


def test_off_when_the_setting_is_zero(client, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0
    PracticeFactory()
    client.get("/en/practices/")
    assert "X-Page-Cache" not in client.get("/en/practices/")


@pytest.mark.django_db(transaction=True)
def test_one_new_token_per_committed_transaction_and_none_after_a_rollback(vocabulary):
    before = versions.current(pagecache.VERSION_KEY)

    def failing_write():
        with transaction.atomic():
            PracticeFactory()
            raise RuntimeError("the write fails")

    with pytest.raises(RuntimeError):
        failing_write()
    assert versions.current(pagecache.VERSION_KEY) == before

    with transaction.atomic():
        PracticeFactory()
        PracticeFactory()
        assert versions.current(pagecache.VERSION_KEY) == before  # not before the commit
    after = versions.current(pagecache.VERSION_KEY)
    assert after != before

    # A write outside the public apps leaves the kept pages alone.
    UserFactory()
    assert versions.current(pagecache.VERSION_KEY) == after
