"""The support pages: who sees what, the intake in two steps, the team's page, the report."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from support import services
from support.choices import RequestStatus as S
from support.models import SupportRequest
from taxonomy.models import Country, Language, Objective
from tests.factories import UserFactory, record_second_factor
from tests.matrix import Case, check_matrix

from .conftest import adviser, file_request, practice

pytestmark = pytest.mark.django_db


def test_every_page_answers_each_role_as_the_policy_says(filed, focal_point, curator):
    member = UserFactory(roles=["member"])
    shared = file_request(focal_point, share_summary=True, public_summary="A coastal country")
    services.request_move(request=shared, actor=curator, to=S.ASSESSMENT)
    services.request_move(request=shared, actor=curator, to=S.ACCEPTED)
    ref, team_only = filed.reference, {"*": "denied", "anonymous": "login"}
    cases = [
        Case("/en/support/", {"*": "ok"}),
        # superusers (administrators) hold every role, the focal point's too
        Case("/en/support/new/", {**team_only, "focal_point": "ok", "administrator": "ok"}),
        Case("/en/support/mine/", {"*": "ok", "anonymous": "login"}),
        Case(
            f"/en/support/requests/{ref}/",
            {"*": "hidden", "anonymous": "login", "focal_point": "ok"},
        ),
        Case(f"/en/support/shared/{ref}/", {"*": "hidden"}),
        Case(f"/en/support/shared/{shared.reference}/", {"*": "ok"}),
        Case("/en/support/team/", {**team_only, "curator": "ok", "administrator": "ok"}),
        Case(f"/en/support/team/{ref}/", {**team_only, "curator": "ok", "administrator": "ok"}),
        Case("/en/support/team/report/", {**team_only, "curator": "ok", "administrator": "ok"}),
        Case("/en/support/team/report.csv", {**team_only, "curator": "ok", "administrator": "ok"}),
    ]
    problems = check_matrix(
        cases,
        roles=("anonymous", "member", "reviewer", "focal_point", "curator", "administrator"),
        actors={"focal_point": focal_point, "member": member},
    )
    assert problems == []


def _signed_in(client, user):
    client.force_login(user)
    if user.has_role("curator"):
        record_second_factor(client, user)
    return client


def _form(**changes):
    data = {
        "country": Country.objects.get(code="SN").pk,
        "institution": "Ministère de l'Intérieur",
        "title": "Réintégration des migrants de retour",
        "need": "Aider les migrants de retour à trouver un emploi et un soutien psychosocial.",
        "support_type": "technical_advice",
        "languages": [Language.objects.get(code="fr").pk],
        "timeline": "Avant juin",
    }
    data.update(changes)
    return data


def test_intake_suggests_objectives_and_connections_before_filing(client, focal_point):
    found = practice("Reintegration of returnees", "Jobs and psychosocial care after return.")
    _signed_in(client, focal_point)
    response = client.post("/en/support/new/", _form())
    body = response.content.decode()
    assert response.status_code == 200
    assert found.title in body
    assert "File the request" in body
    ticked = response.context["form"]["objectives"].value()
    assert str(Objective.objects.get(number=21).pk) in [str(v) for v in ticked]
    assert SupportRequest.objects.count() == 0  # nothing filed yet
    response = client.post("/en/support/new/", _form(objectives=ticked, file="1"))
    filed = SupportRequest.objects.get()
    assert response.url == filed.get_absolute_url()
    assert filed.objectives.filter(number=21).exists()


def test_objectives_are_suggested_from_the_text_alone_and_ticked_beside_the_chosen_ones(
    client, focal_point
):
    """Without JavaScript: the button reads only the title and the need (the rest may still be
    empty: no error yet), ticks the suggestions, keeps what was written and files nothing."""
    practice("Reintegration of returnees", "Jobs and psychosocial care after return.")
    _signed_in(client, focal_point)
    chosen = Objective.objects.get(number=3)
    posted = {
        "title": "Reintegration of returning migrants",
        "need": "Jobs and psychosocial care for migrants who come back home.",
        "institution": "Ministry of Labour",
        "objectives": [str(chosen.pk)],
        "suggest_objectives": "1",
    }
    response = client.post("/en/support/new/", posted)
    body = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" not in body
    assert "This field is required" not in body
    ticked = {int(pk) for pk in response.context["form"]["objectives"].value()}
    assert {chosen.pk, Objective.objects.get(number=21).pk} <= ticked
    assert "Ticked from your text:" in body
    assert "21. " in body
    assert 'value="Ministry of Labour"' in body
    assert SupportRequest.objects.count() == 0

    empty = client.post("/en/support/new/", {"title": "", "need": "", "suggest_objectives": "1"})
    assert "Write a title and the need first" in empty.content.decode()
    assert empty.context["form"]["objectives"].value() == []


def test_bad_input_is_explained_not_filed(client, focal_point):
    _signed_in(client, focal_point)
    response = client.post("/en/support/new/", _form(title="", share_summary="on", file="1"))
    assert response.status_code == 400
    assert "Write the anonymised summary" in response.content.decode()
    assert SupportRequest.objects.count() == 0


def test_the_requester_never_sees_internal_notes(client, filed, curator, focal_point):
    services.note_add(request=filed, actor=curator, body="Minister is hard to reach.")
    services.message_post(request=filed, actor=curator, body="Could you tell us more?")
    body = _signed_in(client, focal_point).get(filed.get_absolute_url()).content.decode()
    assert "Could you tell us more?" in body
    assert "Minister is hard to reach." not in body
    assert "Support requested by Amina Diallo" in body  # the steps, in plain words
    team = _signed_in(client, curator).get(f"/en/support/team/{filed.reference}/")
    assert "Minister is hard to reach." in team.content.decode()


def test_the_team_moves_a_request_to_matched_and_the_requester_agrees(
    client, filed, curator, focal_point
):
    expert = adviser("Grace Mensah", "I help governments reintegrate returning migrants.")
    _signed_in(client, curator)
    url = f"/en/support/team/{filed.reference}/"
    page = client.get(url)
    assert "Grace Mensah" in page.content.decode()  # suggested with its reasons
    for to in ("assessment", "accepted"):
        client.post(url, {"action": "move", "to": to})
    client.post(url, {"action": "propose", "experts": [expert.pk], "partners": "IOM Dakar"})
    filed.refresh_from_db()
    assert filed.status == S.MATCHED
    _signed_in(client, focal_point)
    client.post(filed.get_absolute_url(), {"action": "agree"})
    filed.refresh_from_db()
    assert filed.status == S.IN_PROGRESS


def test_a_refused_move_is_a_message_not_an_error(client, filed, curator):
    _signed_in(client, curator)
    url = f"/en/support/team/{filed.reference}/"
    response = client.post(url, {"action": "move", "to": "completed"}, follow=True)
    assert response.status_code == 200
    assert "Choose a next step" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == S.RECEIVED


def test_no_requester_address_in_public_pages_or_the_export(client, focal_point, curator):
    shared = file_request(focal_point, share_summary=True, public_summary="A coastal country")
    services.request_move(request=shared, actor=curator, to=S.ASSESSMENT)
    services.request_move(request=shared, actor=curator, to=S.ACCEPTED)
    for url in ("/en/support/", f"/en/support/shared/{shared.reference}/"):
        body = client.get(url).content.decode()
        assert "A coastal country" in body
        for private in (focal_point.email, focal_point.name, shared.institution, shared.title):
            assert private not in body
    csv_text = _signed_in(client, curator).get("/en/support/team/report.csv").content.decode()
    assert shared.reference in csv_text
    assert focal_point.email not in csv_text


def test_the_report_counts_requests_by_status_and_type(client, filed, curator):
    services.request_move(request=filed, actor=curator, to=S.ASSESSMENT)
    body = _signed_in(client, curator).get("/en/support/team/report/").content.decode()
    assert "Under assessment" in body
    assert "Technical advice" in body
    assert "Northern Africa" not in body  # Senegal: Sub-Saharan Africa
    assert "Sub-Saharan Africa" in body or "Africa" in body


def test_suggest_connections_prints_the_pages_ranking_as_json(tmp_path, filed):
    found = practice("Reintegration of returnees", "Jobs and psychosocial care after return.")
    grace = adviser("Grace Mensah", "I help governments reintegrate returning migrants.")
    path = tmp_path / "request.json"
    path.write_text(
        json.dumps(
            {
                "title": "Réintégration des migrants de retour",
                "description": "Emploi et soutien psychosocial pour les migrants qui rentrent.",
                "language": "fr",
                "country": "SN",
                "objectives": [21],
            }
        )
    )
    out = StringIO()
    call_command("suggest_connections", str(path), stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"practices", "resources", "experts", "requests"}
    assert data["practices"][0]["slug"] == found.slug
    assert set(data["practices"][0]) == {"slug", "title", "score", "reason"}
    assert data["experts"][0] == {**data["experts"][0], "slug": grace.slug, "name": grace.name}
    assert data["requests"][0]["reference"] == filed.reference
    assert all(len(items) <= 10 for items in data.values())


def test_suggest_connections_says_what_is_wrong_with_the_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"title": "", "objectives": [40]}')
    with pytest.raises(CommandError, match="title, description"):
        call_command("suggest_connections", str(path))
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("suggest_connections", str(path))


def test_the_team_list_costs_the_same_queries_for_more_requests(client, focal_point, curator):
    _signed_in(client, curator)
    file_request(focal_point, title="First")
    client.get("/en/support/team/")  # site settings and caches are read once
    with CaptureQueriesContext(connection) as few:
        assert client.get("/en/support/team/").status_code == 200
    for n in range(5):
        file_request(focal_point, title=f"Request {n}")
    with CaptureQueriesContext(connection) as many:
        body = client.get("/en/support/team/").content.decode()
    assert "Request 4" in body
    assert len(many) == len(few)


def test_the_focal_point_role_exists_for_the_admin_to_give():
    assert Group.objects.filter(name="focal_point").exists()


def test_the_requesters_message_reaches_the_team(filed, focal_point, curator, committed):
    with committed():
        services.message_post(request=filed, actor=focal_point, body="Any news?")
    assert any(m.to == [curator.email] and "Any news?" in m.body for m in mail.outbox)
    assert not any(m.to == [focal_point.email] and "Any news?" in m.body for m in mail.outbox)


def test_an_activity_ending_before_it_starts_is_explained(client, filed, curator, focal_point):
    expert = adviser("Grace Mensah", "I help governments reintegrate returning migrants.")
    for to in (S.ASSESSMENT, S.ACCEPTED):
        services.request_move(request=filed, actor=curator, to=to)
    services.request_propose(request=filed, actor=curator, experts=[expert])
    _signed_in(client, curator)
    response = client.post(
        f"/en/support/team/{filed.reference}/",
        {
            "action": "activity",
            "title": "Workshop",
            "starts_on": "2027-03-02",
            "ends_on": "2027-03-01",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "An activity cannot end before it starts." in response.content.decode()
    assert not filed.activities.exists()


def test_the_requester_reads_the_teams_question_and_answers_it(client, filed, curator, focal_point):
    services.request_move(request=filed, actor=curator, to=S.ASSESSMENT)
    services.request_move(
        request=filed, actor=curator, to=S.NEEDS_INFORMATION, note="Which regions?"
    )
    _signed_in(client, focal_point)
    body = client.get(filed.get_absolute_url()).content.decode()
    assert "The Hub team needs more information" in body
    assert "Which regions?" in body
    client.post(filed.get_absolute_url(), {"action": "message", "body": "Dakar and Thiès."})
    filed.refresh_from_db()
    assert filed.status == S.ASSESSMENT


def test_no_next_step_is_chosen_in_advance_so_a_click_never_withdraws_a_proposal(
    client, filed, curator
):
    expert = adviser("Grace Mensah", "I help governments reintegrate returning migrants.")
    _signed_in(client, curator)
    url = f"/en/support/team/{filed.reference}/"
    for to in ("assessment", "accepted"):
        client.post(url, {"action": "move", "to": to})
    client.post(url, {"action": "propose", "experts": [expert.pk], "partners": "IOM Dakar"})
    page = client.get(url).content.decode()
    assert '<option value="" selected>Choose</option>' in page
    assert "<h3>Partners</h3>" in page
    response = client.post(url, {"action": "move", "to": ""}, follow=True)
    assert "Choose a next step" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == S.MATCHED
