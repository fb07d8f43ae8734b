"""Progress updates: a focal point posts, the Hub team approves or declines; each step audited,
e-mails in each recipient's language; the import of a file."""

import io
import json

import pytest
from django.core import mail
from django.core.management import call_command

from core.errors import DomainError, NotAllowedError, TransitionError
from core.models import AuditEvent
from pledges import services
from pledges.choices import PledgeStatus, UpdateStatus
from pledges.selectors import approved_updates
from tests.factories import UserFactory
from tests.matrix import make_actor

from .conftest import make_pledge

pytestmark = pytest.mark.django_db


def _events(obj):
    return list(
        AuditEvent.objects.filter(target_id=obj.pk, target_type__model=obj._meta.model_name)
        .order_by("pk")
        .values_list("verb", "to_status")
    )


def test_a_focal_point_posts_an_update_that_waits_for_the_team(focal_point, committed):
    curator = make_actor("curator")
    pledge = make_pledge(focal_points=[focal_point])
    with committed():
        update = services.update_post(
            pledge=pledge, actor=focal_point, text="Two desks are open.", language="en"
        )
    assert update.status == UpdateStatus.PENDING
    assert approved_updates(pledge) == []  # nothing public yet
    assert _events(update) == [("created", "pending")]
    assert [m.to for m in mail.outbox] == [[curator.email]]
    assert "Two desks are open." in mail.outbox[0].body


def test_only_the_pledges_own_focal_points_post_updates(focal_point, member):
    other_focal_point = UserFactory(roles=["member", "focal_point"])
    pledge = make_pledge(focal_points=[focal_point])
    for stranger in (member, other_focal_point, None):
        with pytest.raises(NotAllowedError):
            services.update_post(pledge=pledge, actor=stranger, text="x", language="en")


def test_approval_publishes_the_update_dated_and_moves_the_status(focal_point, committed):
    curator = make_actor("curator")
    pledge = make_pledge(focal_points=[focal_point], status=PledgeStatus.IN_PROGRESS)
    update = services.update_post(
        pledge=pledge,
        actor=focal_point,
        text="All desks are open.",
        language="en",
        new_status=PledgeStatus.FULFILLED,
    )
    mail.outbox.clear()
    with committed():
        services.update_approve(update=update, actor=curator, note="Thank you.")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.FULFILLED
    published = approved_updates(pledge)
    assert [u.pk for u in published] == [update.pk]
    assert published[0].decided_at is not None  # the "Updated on" date
    assert _events(update)[-1] == ("status_changed", "approved")
    assert _events(pledge)[-1] == ("status_changed", "fulfilled")
    # the author reads the decision in French, the language of their account
    assert [m.to for m in mail.outbox] == [[focal_point.email]]
    assert "L’équipe du Hub écrit" in mail.outbox[0].body


def test_a_decision_is_taken_once_and_only_by_the_team(focal_point):
    curator = make_actor("curator")
    pledge = make_pledge(focal_points=[focal_point])
    update = services.update_post(pledge=pledge, actor=focal_point, text="x", language="en")
    with pytest.raises(NotAllowedError):
        services.update_approve(update=update, actor=focal_point)
    services.update_approve(update=update, actor=curator)
    with pytest.raises(TransitionError):
        services.update_decline(update=update, actor=curator, reason="late")


def test_declining_needs_a_reason_and_tells_the_author(focal_point, committed):
    curator = make_actor("curator")
    pledge = make_pledge(focal_points=[focal_point])
    update = services.update_post(pledge=pledge, actor=focal_point, text="x", language="en")
    with pytest.raises(DomainError):
        services.update_decline(update=update, actor=curator, reason="  ")
    mail.outbox.clear()
    with committed():
        services.update_decline(update=update, actor=curator, reason="Please give figures.")
    update.refresh_from_db()
    assert update.status == UpdateStatus.REJECTED
    assert "Please give figures." in mail.outbox[0].body
    assert approved_updates(pledge) == []


def test_a_status_the_workflow_refuses_is_refused_when_posting(focal_point):
    pledge = make_pledge(focal_points=[focal_point], status=PledgeStatus.FULFILLED)
    with pytest.raises(DomainError):
        services.update_post(
            pledge=pledge,
            actor=focal_point,
            text="x",
            language="en",
            new_status=PledgeStatus.WITHDRAWN,
        )


def test_no_update_on_a_draft(focal_point):
    pledge = make_pledge(focal_points=[focal_point], status=PledgeStatus.DRAFT)
    with pytest.raises(DomainError):
        services.update_post(pledge=pledge, actor=focal_point, text="x", language="en")


def test_an_imported_pledge_is_found_by_the_site_search_in_another_language(
    client, django_capture_on_commit_callbacks, tmp_path
):
    line = {
        "title": "A free national helpline against trafficking in four languages",
        "description": "Victims of trafficking call a free line open day and night.",
        "entity": "Republic of Peru",
        "entity_type": "state",
        "objectives": [10],
        "status": "planned",
        "countries": ["PE"],
    }
    path = tmp_path / "pledges.jsonl"
    path.write_text(json.dumps(line), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_pledges", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    response = client.get("/en/search/", {"q": "línea gratuita contra la trata de personas"})
    assert line["title"] in [result.title for result in response.context["results"]]
