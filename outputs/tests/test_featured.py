from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import DomainError, NotAllowedError
from core.models import AuditEvent
from outputs.admin import FeaturedSelectionAdmin
from outputs.choices import FeaturedStatus
from outputs.models import FeaturedSelection
from outputs.services import (
    featured_add,
    featured_publish,
    featured_publish_if_due,
    featured_schedule,
    featured_withdraw,
)
from tests.factories import CallFactory, PracticeFactory
from tests.matrix import Case, check_matrix, make_actor

pytestmark = pytest.mark.django_db


def test_publishing_makes_the_page_public_with_practices_in_order(client, selection):
    curator = make_actor("curator")
    assert client.get(f"/en/calls/{selection.call.slug}/featured/").status_code == 404
    featured_publish(selection=selection, actor=curator)
    page = client.get(f"/en/calls/{selection.call.slug}/featured/").content.decode()
    positions = [page.index(f"Shelter network {n}") for n in range(3)]
    assert positions == sorted(positions)
    assert "Takeaway 1" in page
    assert "Six practices that protect victims." in page
    assert AuditEvent.objects.filter(to_status="published", target_id=str(selection.pk)).exists()


def test_a_missing_translation_falls_back_to_english_with_a_notice(client, selection):
    featured_publish(selection=selection, actor=make_actor("curator"))
    page = client.get(f"/fr/calls/{selection.call.slug}/featured/").content.decode()
    assert "World Day against Trafficking" in page
    assert "shown in English" in page or "anglais" in page


def test_a_practice_of_another_call_cannot_be_featured(selection):
    stranger = PracticeFactory(call=CallFactory())
    with pytest.raises(DomainError):
        featured_add(selection=selection, practice=stranger, actor=make_actor("curator"))
    entry = selection.entries.first()
    entry.practice = stranger
    with pytest.raises(ValidationError):
        entry.full_clean()


def test_an_empty_page_cannot_be_published(closed_call):
    page = FeaturedSelection.objects.create(call=closed_call, title_en="Empty")
    with pytest.raises(DomainError):
        featured_publish(selection=page, actor=make_actor("curator"))


def test_members_cannot_curate(selection):
    with pytest.raises(NotAllowedError):
        featured_withdraw(selection=selection, actor=make_actor("member"))


def test_a_scheduled_page_goes_public_at_its_instant(selection):
    when = timezone.now() + timedelta(days=2)
    featured_schedule(selection=selection, publish_at=when, actor=make_actor("curator"))
    assert not featured_publish_if_due(selection=selection, now=timezone.now())
    assert featured_publish_if_due(selection=selection, now=when + timedelta(seconds=1))
    selection.refresh_from_db()
    assert selection.status == FeaturedStatus.PUBLISHED
    assert selection.published_at is not None


def test_call_page_and_home_page_link_to_the_published_page(client, selection):
    featured_publish(selection=selection, actor=make_actor("curator"))
    url = f"/en/calls/{selection.call.slug}/featured/"
    assert url in client.get(f"/en/calls/{selection.call.slug}/").content.decode()
    assert url in client.get("/en/").content.decode()


def test_permission_matrix(selection):
    slug = selection.call.slug
    draft = [
        Case(
            f"/en/calls/{slug}/featured/", {"*": "hidden", "curator": "ok", "administrator": "ok"}
        ),
        Case(
            f"/en/calls/{slug}/export/",
            {"*": "hidden", "anonymous": "login", "curator": "ok", "administrator": "ok"},
        ),
        Case(f"/en/calls/{slug}/compendium.pdf", {"*": "redirect"}),
        Case(f"/en/calls/{slug}/compendium.docx", {"*": "redirect"}),
    ]
    assert check_matrix(draft) == []
    featured_publish(selection=selection, actor=make_actor("curator"))
    assert check_matrix([Case(f"/en/calls/{slug}/featured/", {"*": "ok"})]) == []


def test_draft_calls_hide_their_compendium_from_the_public(closed_call):
    call = CallFactory(status="draft")
    cases = [
        Case(
            f"/en/calls/{call.slug}/compendium.pdf",
            {"*": "hidden", "curator": "redirect", "administrator": "redirect"},
        )
    ]
    assert check_matrix(cases) == []


def test_the_admin_schedules_a_page_for_its_publish_at_instant(rf, selection):
    request = rf.post("/admin/")
    request.user = make_actor("curator")
    request.session = {}
    messages = FallbackStorage(request)
    request._messages = messages
    model_admin = FeaturedSelectionAdmin(FeaturedSelection, admin.site)
    queryset = FeaturedSelection.objects.filter(pk=selection.pk)
    model_admin.schedule(request, queryset)  # no instant written yet: refused with a message
    selection.refresh_from_db()
    assert selection.status == FeaturedStatus.DRAFT
    assert "publish at" in str(next(iter(messages)))
    when = timezone.now() + timedelta(days=30)
    FeaturedSelection.objects.filter(pk=selection.pk).update(publish_at=when)
    model_admin.schedule(request, FeaturedSelection.objects.filter(pk=selection.pk))
    selection.refresh_from_db()
    assert selection.status == FeaturedStatus.SCHEDULED
    assert selection.publish_at == when
