"""``/api/v1/pledges/`` and pledges in the gap map: every cell equals the pledges listing's count
with the same two facets, on the page, in the API and in the CSV."""

import re

import pytest

from pledges.choices import EntityType, PledgeStatus
from pledges.services import update_approve, update_post
from tests.factories import PracticeFactory
from tests.matrix import make_actor

from .conftest import make_pledge

pytestmark = pytest.mark.django_db


def _pledges():
    make_pledge(objectives=[10], countries=["KE"])
    make_pledge(objectives=[10, 7], countries=["KE", "MX"])
    make_pledge(objectives=[7], countries=["MX", "TH"])
    make_pledge(objectives=[23], countries=[], entity_type=EntityType.UN_ENTITY)
    make_pledge(objectives=[10], countries=["KE"], status=PledgeStatus.DRAFT)  # never counted


def _listing_count(client, rows, row, cols, col) -> int:
    page = client.get(f"/en/pledges/?{rows}={row}&{cols}={col}").content.decode()
    found = re.search(r'id="results-title"[^>]*>(\d+) pledges?<', page)
    assert found
    return int(found.group(1))


@pytest.mark.parametrize(
    ("rows", "cols"), [("objective", "region"), ("region", "country"), ("country", "objective")]
)
def test_every_pledge_cell_equals_the_listing_with_its_two_facets(client, rows, cols):
    _pledges()
    data = client.get(f"/api/v1/coverage/?content=pledge&rows={rows}&cols={cols}").json()
    cells = data["cells"]
    assert len(cells) == len(data["rows"]) * len(data["cols"])
    assert sum(c["count"] for c in cells) > 0
    for cell in cells:
        if cell["count"] or (cell["row"], cell["col"]) in {("10", "2"), ("KE", "7")}:
            assert cell["count"] == _listing_count(client, rows, cell["row"], cols, cell["col"])
    page = client.get(f"/en/insights/?content=pledge&rows={rows}&cols={cols}").content.decode()
    for cell in cells:
        if cell["count"]:
            link = f"/en/pledges/?{rows}={cell['row']}&amp;{cols}={cell['col']}"
            assert f'<a href="{link}">{cell["count"]}</a>' in page


def test_the_objective_by_region_cells_count_what_they_should(client):
    _pledges()
    data = client.get("/api/v1/coverage/?content=pledge").json()  # objective × region
    counts = {(c["row"], c["col"]): c["count"] for c in data["cells"]}
    assert counts[("10", "2")] == 2  # Africa: both Kenyan pledges, not the draft
    assert counts[("7", "19")] == 2  # Americas
    assert counts[("7", "142")] == 1  # Asia
    assert counts[("23", "2")] == 0  # a UN entity's pledge with no country has no region
    assert len(data["rows"]) == 23


def test_dimensions_that_do_not_apply_to_pledges_are_refused(client):
    response = client.get("/api/v1/coverage/?content=pledge&rows=principle&cols=region")
    assert response.status_code == 400
    assert "Pledges are counted" in response.json()["detail"][0]


def test_the_pledges_api_gives_public_pledges_with_updates_and_practices(client, focal_point):
    practice = PracticeFactory(slug="border-desks")
    pledge = make_pledge(slug="kenya", objectives=[10, 7], focal_points=[focal_point])
    pledge.practices.add(practice)
    update = update_post(pledge=pledge, actor=focal_point, text="Desks open.", language="en")
    update_post(pledge=pledge, actor=focal_point, text="Not approved yet.", language="en")
    update_approve(update=update, actor=make_actor("curator"))
    make_pledge(slug="draft", status=PledgeStatus.DRAFT)
    make_pledge(slug="mexico", objectives=[7], countries=["MX"])
    data = client.get("/api/v1/pledges/?objective=10").json()
    assert [item["slug"] for item in data["results"]] == ["kenya"]
    item = data["results"][0]
    assert item["objectives"] == [7, 10]
    assert item["countries"] == ["KE"]
    assert item["status"] == "in_progress"
    assert item["entity_type"] == "state"
    assert item["practices"] == ["border-desks"]
    assert [u["text"] for u in item["updates"]] == ["Desks open."]
    assert item["updated_on"] is not None
    assert item["url"].endswith("/en/pledges/kenya/")
    every = client.get("/api/v1/pledges/").json()
    assert {i["slug"] for i in every["results"]} == {"kenya", "mexico"}
    assert client.get("/api/v1/pledges/?region=19").json()["results"][0]["slug"] == "mexico"
