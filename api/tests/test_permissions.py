"""The API asks the same policies as the pages (api/permissions.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.permissions import PolicyPermission
from api.views import CallViewSet, PracticeViewSet
from calls.choices import CallStatus
from repository.choices import PublicationStatus
from tests.factories import CallFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def _request():
    request = Request(APIRequestFactory().get("/"))
    request.user = AnonymousUser()  # the open-data API authenticates nobody
    return request


def test_each_object_is_checked_with_the_apps_policy():
    permission, request = PolicyPermission(), _request()
    assert permission.has_permission(request, PracticeViewSet())
    assert permission.has_object_permission(request, PracticeViewSet(), PracticeFactory())
    hidden = PracticeFactory(status=PublicationStatus.UNPUBLISHED)
    assert not permission.has_object_permission(request, PracticeViewSet(), hidden)
    draft = CallFactory(status=CallStatus.DRAFT)
    assert not permission.has_object_permission(request, CallViewSet(), draft)


def test_a_viewset_without_a_policy_allows_nothing():
    class Bare:
        pass

    assert not PolicyPermission().has_permission(_request(), Bare())


def test_a_draft_call_is_not_in_the_api(client):
    CallFactory(status=CallStatus.DRAFT, slug="secret-draft")
    assert client.get("/api/v1/calls/secret-draft/").status_code == 404
    assert "secret-draft" not in client.get("/api/v1/calls/").content.decode()
