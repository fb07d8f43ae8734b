"""Pledge pages: the permission matrix of every pledges URL, the listing's facets and counts,
posting and approving an update without JavaScript, the links with practices."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pledges import services
from pledges.choices import EntityType, PledgeStatus, UpdateStatus
from pledges.models import PledgeUpdate
from tests.factories import PracticeFactory
from tests.matrix import Case, check_matrix, make_actor

from .conftest import make_pledge

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "reviewer", "curator", "moderator", "administrator")


def test_permission_matrix_of_every_pledges_url(focal_point):
    make_pledge(slug="public-pledge", focal_points=[focal_point])
    make_pledge(slug="draft-pledge", status=PledgeStatus.DRAFT, focal_points=[focal_point])
    pending = services.update_post(
        pledge=make_pledge(slug="other", focal_points=[focal_point]),
        actor=focal_point,
        text="x",
        language="en",
    )
    team = {"curator": "ok", "administrator": "ok"}
    post_only = {"*": "not-allowed", "anonymous": "login"}
    cases = [
        Case("/en/pledges/", {"*": "ok"}),
        Case("/en/pledges/?objective=10&type=state&status=in_progress", {"*": "ok"}),
        Case("/en/pledges/public-pledge/", {"*": "ok"}),
        Case("/en/pledges/draft-pledge/", {"*": "hidden", **team}),
        Case("/en/pledges/missing/", {"*": "hidden"}),
        Case("/en/pledges/public-pledge/updates/", post_only),
        Case("/en/pledges/review/", {"*": "hidden", "anonymous": "login", **team}),
        Case(f"/en/pledges/review/{pending.pk}/", post_only),
        Case("/api/v1/pledges/", {"*": "ok"}),
        Case("/api/v1/pledges/public-pledge/", {"*": "ok"}),
        Case("/api/v1/pledges/draft-pledge/", {"*": "hidden"}),
        Case("/api/v1/coverage/?content=pledge", {"*": "ok"}),
    ]
    roles = (*ROLES, "focal_point")
    assert check_matrix(cases, roles=roles, actors={"focal_point": focal_point}) == []


def _post_outcomes(url, data, actors):
    found = {}
    for role, user in actors.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        found[role] = client.post(url, data).status_code
    return found


def test_who_may_post_an_update_and_who_may_decide(focal_point, member):
    pledge = make_pledge(slug="kenya", focal_points=[focal_point])
    text = {"text": "Desks are open.", "language": "en", "new_status": ""}
    people = {"anonymous": None, "member": member, "curator": make_actor("curator")}
    assert _post_outcomes("/en/pledges/kenya/updates/", text, people) == {
        "anonymous": 302,  # to sign in
        "member": 404,
        "curator": 404,  # the team approves; the pledging entity reports
    }
    assert PledgeUpdate.objects.count() == 0
    update = services.update_post(pledge=pledge, actor=focal_point, text="x", language="en")
    decide = {f"u{update.pk}-decision": "approve", f"u{update.pk}-reason": ""}
    outcomes = _post_outcomes(
        f"/en/pledges/review/{update.pk}/", decide, {"member": member, "focal": focal_point}
    )
    assert outcomes == {"member": 404, "focal": 404}
    update.refresh_from_db()
    assert update.status == UpdateStatus.PENDING


def test_a_focal_point_reports_and_the_team_publishes_without_javascript(client, focal_point):
    make_pledge(slug="kenya", focal_points=[focal_point])
    client.force_login(focal_point)
    page = client.get("/en/pledges/kenya/").content.decode()
    assert "Report progress" in page
    response = client.post(
        "/en/pledges/kenya/updates/",
        {"text": "Forty officers trained.", "language": "en", "new_status": "fulfilled"},
    )
    assert response.status_code == 302
    assert "Forty officers trained." not in client.get("/en/pledges/kenya/").content.decode()

    curator = make_actor("curator")
    client.force_login(curator)
    queue = client.get("/en/pledges/review/").content.decode()
    assert "Forty officers trained." in queue
    update = PledgeUpdate.objects.get()
    prefix = f"u{update.pk}"
    refused = client.post(f"/en/pledges/review/{update.pk}/", {f"{prefix}-decision": "decline"})
    assert refused.status_code == 400  # a reason is needed to decline
    assert "Tell the focal point why" in refused.content.decode()
    client.post(f"/en/pledges/review/{update.pk}/", {f"{prefix}-decision": "approve"})
    page = client.get("/en/pledges/kenya/").content.decode()
    assert "Forty officers trained." in page
    assert "Updated on" in page
    assert "Fulfilled" in page


def test_an_empty_update_is_explained_next_to_its_field(client, focal_point):
    make_pledge(slug="kenya", focal_points=[focal_point])
    client.force_login(focal_point)
    response = client.post("/en/pledges/kenya/updates/", {"text": "", "language": "en"})
    assert response.status_code == 400
    assert 'href="#id_text"' in response.content.decode()


def _count_shown(page: str, value: str) -> int:
    found = re.search(rf'value="{value}"[^>]*>[^<]*<small>(\d+)</small>', page)
    assert found, value
    return int(found.group(1))


def test_the_listing_filters_by_facets_and_each_count_is_what_ticking_it_shows(client):
    make_pledge(title="Kenya one", objectives=[10], countries=["KE"])
    make_pledge(title="Kenya two", objectives=[10, 7], countries=["KE"])
    make_pledge(title="Mexico", objectives=[7], countries=["MX"])
    make_pledge(title="UN entity", objectives=[10], countries=[], entity_type=EntityType.UN_ENTITY)
    make_pledge(title="Hidden draft", objectives=[10], status=PledgeStatus.DRAFT)
    page = client.get("/en/pledges/?objective=10").content.decode()
    assert "3 pledges" in page
    assert "Hidden draft" not in page
    assert _count_shown(page, "state") == 2
    assert _count_shown(page, "un_entity") == 1
    assert _count_shown(page, "7") == 2  # another objective: what ticking it (as well) gives
    for value, name in (("state", "type"), ("KE", "country"), ("2", "region")):
        shown = _count_shown(page, value)
        filtered = client.get(f"/en/pledges/?objective=10&{name}={value}").content.decode()
        assert f"{shown} pledge" in filtered
    both = client.get("/en/pledges/?objective=10&objective=7").content.decode()
    assert "4 pledges" in both  # alternatives of one facet add up


@pytest.mark.parametrize(
    "query", ["objective=abc", "region=%00", "country=kenya", "status=draft", "type=ngo"]
)
def test_unknown_facet_values_are_ignored_not_a_server_error(client, query):
    make_pledge(slug="kenya")
    make_pledge(slug="draft", title="Secret draft", status=PledgeStatus.DRAFT)
    page = client.get(f"/en/pledges/?{query}")
    assert page.status_code == 200
    assert "1 pledge" in page.content.decode()
    assert "1 pledge" in client.get(f"/en/pledges/?{query}&page=x").content.decode()
    assert [i["slug"] for i in client.get(f"/api/v1/pledges/?{query}").json()["results"]] == [
        "kenya"
    ]


def test_the_listing_costs_the_same_queries_for_few_or_many_pledges(client):
    def queries_for(count: int) -> int:
        for _ in range(count):
            make_pledge(objectives=[10, 7], countries=["KE", "MX"])
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/pledges/").status_code == 200
        return len(captured)

    client.get("/en/pledges/")  # caches warm
    assert queries_for(2) == queries_for(6)


def test_pledges_and_practices_link_to_each_other(client):
    practice = PracticeFactory(title="Child protection desks at the border")
    pledge = make_pledge(slug="kenya", title="Screen every arriving child")
    pledge.practices.add(practice)
    make_pledge(slug="draft", title="A draft pledge", status=PledgeStatus.DRAFT).practices.add(
        practice
    )
    pledge_page = client.get("/en/pledges/kenya/").content.decode()
    assert practice.get_absolute_url() in pledge_page
    practice_page = client.get(practice.get_absolute_url()).content.decode()
    assert "/en/pledges/kenya/" in practice_page
    assert "Screen every arriving child" in practice_page
    assert "A draft pledge" not in practice_page  # a draft is not shown to visitors


def test_a_missing_translation_falls_back_with_a_notice(client):
    make_pledge(
        slug="kenya", title="Screen every arriving child", title_fr="Contrôler chaque enfant"
    )
    french = client.get("/fr/pledges/kenya/").content.decode()
    assert "Contrôler chaque enfant" in french
    spanish = client.get("/es/pledges/kenya/").content.decode()
    assert "Screen every arriving child" in spanish
    assert "translation-fallback" in spanish
    assert 'lang="en"' in spanish  # the English title is marked as English


def test_the_sitemap_lists_public_pledges_only(client):
    make_pledge(slug="kenya")
    make_pledge(slug="secret", status=PledgeStatus.DRAFT)
    body = client.get("/sitemap.xml").content.decode()
    assert "/en/pledges/kenya/" in body
    assert "/pledges/secret/" not in body
