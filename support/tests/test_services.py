"""The support lifecycle as focal points and the Hub team rely on it."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import DomainError, NotAllowedError, TransitionError
from core.models import AuditEvent
from support import selectors, services
from support.choices import RequestStatus as S
from support.models import SupportRequest
from support.suggestions import Need, suggest, suggested_objectives
from tests.factories import UserFactory

from .conftest import adviser, file_request, practice

pytestmark = pytest.mark.django_db


def test_a_focal_point_files_a_request_acknowledged_in_their_language(
    focal_point, curator, committed
):
    with committed():
        request = file_request(focal_point)
    assert request.status == S.RECEIVED
    assert request.reference.startswith("S-")
    to_requester = [m for m in mail.outbox if m.to == [focal_point.email]]
    assert len(to_requester) == 1
    assert f"/fr/support/requests/{request.reference}/" in to_requester[0].body
    assert any(m.to == [curator.email] and request.reference in m.subject for m in mail.outbox)
    assert AuditEvent.objects.filter(verb="support_requested", target_id=str(request.pk)).exists()


def test_only_focal_points_file_requests():
    with pytest.raises(NotAllowedError):
        file_request(UserFactory(roles=["member"]))


def test_a_shared_summary_must_be_written(focal_point):
    with pytest.raises(DomainError):
        file_request(focal_point, share_summary=True, public_summary="  ")


def test_the_whole_lifecycle_is_audited_and_told_to_the_requester(
    filed, curator, focal_point, committed
):
    expert = adviser("Grace Mensah", "I help governments reintegrate returning migrants.")
    services.request_move(request=filed, actor=curator, to=S.ASSESSMENT)
    assert filed.first_response_at is not None
    services.request_move(
        request=filed, actor=curator, to=S.NEEDS_INFORMATION, note="Which regions?"
    )
    services.message_post(request=filed, actor=focal_point, body="Dakar and Thiès.")
    filed.refresh_from_db()
    assert filed.status == S.ASSESSMENT  # the answer sends it back to assessment
    services.request_move(request=filed, actor=curator, to=S.ACCEPTED)
    mail.outbox.clear()
    with committed():
        services.request_propose(request=filed, actor=curator, experts=[expert], partners="IOM")
    assert filed.status == S.MATCHED
    assert [m.to for m in mail.outbox] == [[focal_point.email]]
    with pytest.raises(NotAllowedError):
        services.request_agree(request=filed, actor=curator)
    services.request_agree(request=filed, actor=focal_point)
    services.activity_add(
        request=filed, actor=curator, title="Workshop in Dakar", starts_on=date(2027, 3, 1)
    )
    services.request_complete(request=filed, actor=curator, outcome="A reintegration plan.")
    services.request_rate(request=filed, actor=focal_point, rating=5, comment="Very useful")
    filed.refresh_from_db()
    assert (filed.status, filed.rating, filed.ended_at is not None) == (S.COMPLETED, 5, True)
    moves = AuditEvent.objects.filter(target_id=str(filed.pk), to_status__gt="")
    assert [e.to_status for e in moves.order_by("id")] == [
        "assessment",
        "needs_information",
        "assessment",
        "accepted",
        "matched",
        "in_progress",
        "completed",
    ]


def test_a_move_the_table_does_not_allow_is_refused(filed, curator):
    with pytest.raises(TransitionError):
        services.request_move(request=filed, actor=curator, to=S.ACCEPTED)
    filed.refresh_from_db()
    assert filed.status == S.RECEIVED


def test_declining_needs_a_reason_which_the_requester_reads(filed, curator, focal_point, committed):
    with pytest.raises(DomainError):
        services.request_move(request=filed, actor=curator, to=S.DECLINED, note="")
    with committed():
        services.request_move(request=filed, actor=curator, to=S.DECLINED, note="Out of scope.")
    filed.refresh_from_db()
    assert filed.decline_reason == "Out of scope."
    assert any("Out of scope." in m.body and m.to == [focal_point.email] for m in mail.outbox)


def test_only_the_team_moves_requests(filed, focal_point):
    with pytest.raises(NotAllowedError):
        services.request_move(request=filed, actor=focal_point, to=S.ASSESSMENT)


def test_notes_stay_apart_from_the_thread(filed, curator, committed):
    with committed():
        services.note_add(request=filed, actor=curator, body="Check with the regional office.")
    assert filed.thread.count() == 0
    assert mail.outbox == []  # the requester is not told


def test_working_days_skip_weekends():
    friday = date(2026, 12, 4)
    assert selectors.working_days_between(friday, friday + timedelta(days=3)) == 1  # to Monday


def test_unanswered_requests_beyond_the_target_are_overdue(focal_point, curator, settings):
    settings.HUB_SUPPORT_RESPONSE_DAYS = 2
    late = file_request(focal_point, title="Late one")
    answered = file_request(focal_point, title="Answered one")
    SupportRequest.objects.filter(pk__in=[late.pk, answered.pk]).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    services.message_post(request=answered, actor=curator, body="We are on it.")
    assert [r.title for r in selectors.team_list(curator, "overdue")] == ["Late one"]


def test_partners_offer_help_on_shared_requests_only(focal_point, curator, committed):
    shared = file_request(focal_point, share_summary=True, public_summary="A West African country")
    member = UserFactory(roles=["member"])
    with pytest.raises(NotAllowedError):  # not shared until accepted
        services.interest_express(request=shared, actor=member, note="We can help.")
    services.request_move(request=shared, actor=curator, to=S.ASSESSMENT)
    services.request_move(request=shared, actor=curator, to=S.ACCEPTED)
    with committed():
        services.interest_express(request=shared, actor=member, note="We can help.")
    with pytest.raises(DomainError):
        services.interest_express(request=shared, actor=member, note="Again.")
    assert any(m.to == [curator.email] and "We can help." in m.body for m in mail.outbox)


def test_suggestions_cross_languages_and_keep_to_advisers(filed):
    found = practice(
        "Reintegration support for returning migrants",
        "Jobs, housing, vocational training and psychosocial support for migrants who return home.",
        objectives=[21],
        countries=["SN"],
    )
    practice("Cataloguing rare butterflies", "An inventory of butterfly species.", objectives=[1])
    grace = adviser("Grace Mensah", "I advise governments on the reintegration of returnees.")
    adviser(
        "Pat Speaker",
        "I advise governments on the reintegration of returnees.",
        availability=("speaking",),
    )
    result = suggest(Need.of(filed))
    assert result.practices[0].key == found.slug
    assert "same objectives: 21" in result.practices[0].reason
    assert "experience in Senegal" in result.practices[0].reason
    assert [s.key for s in result.experts] == [grace.slug]
    scores = [s.score for s in result.practices]
    assert scores == sorted(scores, reverse=True)


def test_earlier_requests_are_suggested_to_the_team_only_when_shared_for_the_requester(
    focal_point, curator
):
    earlier = file_request(focal_point, title="Returnees back to work")
    later = file_request(focal_point, title="Helping returnees find jobs")
    assert [s.key for s in suggest(Need.of(later)).requests] == [earlier.reference]
    assert suggest(Need.of(later), shared_only=True).requests == []


def test_objectives_are_suggested_from_the_text():
    numbers = [
        o.number
        for o in suggested_objectives(
            "Reintegration of returning migrants: jobs and psychosocial support after return"
        )
    ]
    assert 21 in numbers
