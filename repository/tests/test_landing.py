"""Landing pages per GCM objective and per guiding principle."""

import re

import pytest

from repository import selectors
from repository.services import practice_unpublish
from taxonomy.models import Principle
from tests.factories import PracticeFactory, ResourceFactory
from tests.matrix import Case, check_matrix

pytestmark = pytest.mark.django_db


def _cards(body: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"[^>]*><a href="[^"]*">([^<]*)</a>', body)


@pytest.mark.parametrize(
    ("lang", "name"),
    [("en", "Eradicate trafficking"), ("fr", "Éliminer la traite"), ("es", "Erradicar la trata")],
)
def test_objective_page_names_the_objective_in_the_interface_language(client, lang, name):
    response = client.get(f"/{lang}/objectives/10/")
    assert response.status_code == 200
    body = response.content.decode()
    assert name in body
    assert lang == "en" or "Eradicate trafficking" not in body


@pytest.mark.parametrize(
    ("lang", "name"),
    [("en", "Human rights"), ("fr", "Droits humains"), ("es", "Derechos humanos")],
)
def test_principle_page_names_the_principle_in_the_interface_language(client, lang, name):
    response = client.get(f"/{lang}/principles/human-rights/")
    assert response.status_code == 200
    body = response.content.decode()
    assert name in body
    assert lang == "en" or "Human rights" not in body


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_indexes_answer_in_every_language(client, lang):
    objectives = client.get(f"/{lang}/objectives/").content.decode()
    assert objectives.count('class="card landing-card"') == 23
    assert f'href="/{lang}/objectives/23/"' in objectives
    principles = client.get(f"/{lang}/principles/").content.decode()
    assert principles.count('class="card landing-card"') == 10
    assert f'href="/{lang}/principles/human-rights/"' in principles


def test_objective_page_lists_primary_and_secondary_published_items_only(client):
    PracticeFactory(title="Primary ten", tags={"objectives": [10]})
    PracticeFactory(title="Secondary ten", tags={"objectives": [1], "secondary_objectives": [10]})
    PracticeFactory(title="Other objective", tags={"objectives": [1]})
    hidden = PracticeFactory(title="Unpublished ten", tags={"objectives": [10]})
    practice_unpublish(practice=hidden)
    ResourceFactory(title="Resource ten", tags={"objectives": [2], "secondary_objectives": [10]})
    ResourceFactory(title="Resource two", tags={"objectives": [2]})
    body = client.get("/en/objectives/10/").content.decode()
    assert sorted(_cards(body)) == ["Primary ten", "Resource ten", "Secondary ten"]
    assert "2 practices, 1 knowledge resource" in body
    assert "See all 2 practices" in body
    assert 'href="/en/practices/?objective=10"' in body
    assert 'href="/en/practices/feed/?objective=10"' in body
    assert 'href="/en/resources/?objective=10"' in body
    assert "See the knowledge resource" in body


def test_objective_page_shows_six_practices_in_hub_order_and_four_newest_resources(client):
    for n in range(8):
        PracticeFactory(title=f"Practice {n}", tags={"objectives": [10]})
    for n in range(5):
        ResourceFactory(title=f"Resource {n}", tags={"objectives": [10]})
    body = client.get("/en/objectives/10/").content.decode()
    titles = _cards(body)
    assert titles[:6] == [f"Practice {n}" for n in range(7, 1, -1)]  # same scope: newest first
    assert titles[6:] == [f"Resource {n}" for n in range(4, 0, -1)]
    assert "8 practices, 5 knowledge resources" in body


def test_objective_page_says_when_nothing_is_published(client):
    body = client.get("/en/objectives/23/").content.decode()
    assert "0 practices, 0 knowledge resources" in body
    assert "No published practice addresses it yet." in body
    assert "See all" not in body


def test_index_counts_published_items_per_objective(client):
    PracticeFactory(tags={"objectives": [10], "secondary_objectives": [7]})
    PracticeFactory(tags={"objectives": [7]})
    hidden = PracticeFactory(tags={"objectives": [7]})
    practice_unpublish(practice=hidden)
    ResourceFactory(tags={"objectives": [7]})
    body = client.get("/en/objectives/").content.decode()
    cards = dict(
        re.findall(r'href="/en/objectives/(\d+)/".*?<p class="card__meta">([^<]*)</p>', body, re.S)
    )
    assert cards["7"] == "2 practices, 1 knowledge resource"
    assert cards["10"] == "1 practice, 0 knowledge resources"
    assert cards["1"] == "0 practices, 0 knowledge resources"


def test_principle_page_lists_its_published_items_and_counts(client):
    PracticeFactory(title="Rights based", tags={"principles": ["human-rights"]})
    PracticeFactory(title="Gender based", tags={"principles": ["gender-responsive"]})
    hidden = PracticeFactory(title="Unpublished rights", tags={"principles": ["human-rights"]})
    practice_unpublish(practice=hidden)
    ResourceFactory(title="Rights resource", tags={"principles": ["human-rights"]})
    body = client.get("/en/principles/human-rights/").content.decode()
    assert sorted(_cards(body)) == ["Rights based", "Rights resource"]
    assert "1 practice, 1 knowledge resource" in body
    assert 'href="/en/practices/?principle=human-rights"' in body
    assert 'href="/en/practices/feed/?principle=human-rights"' in body
    index = client.get("/en/principles/").content.decode()
    card = re.search(r'principles/human-rights/".*?<p class="card__meta">([^<]*)</p>', index, re.S)
    assert card.group(1) == "1 practice, 1 knowledge resource"


def test_unknown_objective_or_principle_is_404(client):
    assert client.get("/en/objectives/24/").status_code == 404
    assert client.get("/en/objectives/0/").status_code == 404
    assert client.get("/en/principles/no-such-principle/").status_code == 404


def test_inactive_principle_has_no_page_nor_card(client):
    Principle.objects.filter(slug="human-rights").update(is_active=False)
    assert client.get("/en/principles/human-rights/").status_code == 404
    assert "/en/principles/human-rights/" not in client.get("/en/principles/").content.decode()


def test_practice_page_links_objectives_and_principles_to_their_landing_pages(client):
    practice = PracticeFactory(
        tags={"objectives": [10], "secondary_objectives": [7], "principles": ["human-rights"]}
    )
    body = client.get(practice.get_absolute_url()).content.decode()
    assert 'href="/en/objectives/10/"' in body
    assert 'href="/en/objectives/7/"' in body
    assert 'href="/en/principles/human-rights/"' in body
    assert "/en/practices/?objective=" not in body.split('class="sidebar"')[1].split("</aside>")[0]


def test_resource_page_links_objectives_to_their_landing_pages(client):
    resource = ResourceFactory(tags={"objectives": [6], "principles": ["human-rights"]})
    body = client.get(resource.get_absolute_url()).content.decode()
    assert 'href="/en/objectives/6/"' in body
    assert 'href="/en/principles/human-rights/"' in body


def test_navigation_and_home_link_to_the_indexes(client):
    body = client.get("/en/").content.decode()
    assert '<a href="/en/objectives/">Objectives</a>' in body
    assert 'href="/en/principles/"' in body
    page = client.get("/en/objectives/").content.decode()
    assert '<a href="/en/objectives/" aria-current="page">Objectives</a>' in page


def _make(n: int) -> None:
    for i in range(n):
        PracticeFactory(tags={"objectives": [10, i % 5 + 1], "principles": ["human-rights"]})
        ResourceFactory(tags={"objectives": [i % 5 + 1], "secondary_objectives": [10]})


@pytest.mark.parametrize(
    "url",
    ["/en/objectives/", "/en/objectives/10/", "/en/principles/", "/en/principles/human-rights/"],
)
def test_query_count_does_not_grow_with_items(
    client, django_assert_num_queries, django_assert_max_num_queries, url
):
    _make(2)
    client.get(url)  # warm the caches every page shares (site settings, facet index)
    with django_assert_max_num_queries(15) as few:
        assert client.get(url).status_code == 200
    count = len(few.captured_queries)  # read now: the query log keeps the last 9,000 only
    _make(6)
    client.get(url)  # the facet index is rebuilt once after the writes
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def test_objective_landing_reads_in_a_fixed_number_of_queries(django_assert_num_queries):
    _make(8)
    selectors.objective_landing(number=10)  # builds the facet index
    # the objective, the content version twice (counts from the facet index), the practices
    # with their objectives, the resources with theirs
    with django_assert_num_queries(7):
        landing = selectors.objective_landing(number=10)
        for item in [*landing.practices, *landing.resources]:
            item.primary_objectives, item.language.code  # noqa: B018 - what the cards read
    # one query for the objectives and the content version for practices and for resources
    with django_assert_num_queries(3):
        cards = selectors.objective_cards()
    assert len(cards) == 23
    assert {c.subject.number: c.practice_count for c in cards}[10] == 8


def test_sitemap_lists_the_landing_pages(client):
    body = client.get("/sitemap.xml").content.decode()
    for lang in ("en", "fr", "es"):
        assert f"/{lang}/objectives/10/</loc>" in body
        assert f"/{lang}/principles/human-rights/</loc>" in body
    assert "/en/objectives/</loc>" in body


def test_permission_matrix_for_landing_pages():
    PracticeFactory(tags={"objectives": [10], "principles": ["human-rights"]})
    ok = {"*": "ok"}
    hidden = {"*": "hidden"}
    cases = [
        Case("/en/objectives/", ok),
        Case("/en/objectives/10/", ok),
        Case("/fr/objectives/1/", ok),
        Case("/en/objectives/99/", hidden),
        Case("/en/principles/", ok),
        Case("/en/principles/human-rights/", ok),
        Case("/en/principles/no-such-principle/", hidden),
    ]
    assert check_matrix(cases) == []
