"""The Hub-wide search page: every searchable type, the type as a facet, plain GET."""

import pytest
from django.utils import translation

from calls.choices import CallStatus
from search.services import reindex
from tests.factories import CallFactory, PracticeFactory, ResourceFactory
from tests.matrix import Case, check_matrix

from .conftest import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(db) -> dict:
    """A practice, a resource and calls on distinct topics, indexed."""
    items = {
        "trafficking": make_practice("child_trafficking"),
        "schooling": make_practice("schooling"),
        "remittances": ResourceFactory(
            title="The cost of sending money home",
            abstract="A study of remittance fees paid by migrant workers and how mobile money "
            "lowers them.",
        ),
        "call": CallFactory(
            title="Call for practices on protecting children from trafficking",
            slug="children-trafficking",
            summary="We collect practices that protect children from traffickers at borders.",
        ),
        "draft": CallFactory(
            title="Draft call on child trafficking",
            slug="draft-call",
            status=CallStatus.DRAFT,
        ),
        "hidden": PracticeFactory(
            title="Unpublished practice on child trafficking", status="draft", published_at=None
        ),
    }
    with translation.override("en"):
        reindex()
    return items


def _titles(response) -> list[str]:
    return [result.title for result in response.context["results"]]


def test_search_finds_every_type_with_counts_per_type(client, hub):
    response = client.get("/en/search/", {"q": "children victims of trafficking"})
    assert response.status_code == 200
    counts = {t.key: t.count for t in response.context["types"]}
    assert counts["practices"] >= 1
    assert counts["calls"] >= 1
    assert response.context["total"] == sum(counts.values())
    titles = _titles(response)
    assert hub["trafficking"].title in titles
    assert hub["call"].title in titles
    assert hub["draft"].title not in titles
    assert hub["hidden"].title not in titles
    html = response.content.decode()
    assert "Calls for practices (" in html
    assert "?q=children+victims+of+trafficking&amp;type=calls" in html


def test_type_facet_narrows_the_list_and_keeps_the_counts(client, hub):
    response = client.get("/en/search/", {"q": "children victims of trafficking", "type": "calls"})
    assert _titles(response) == [hub["call"].title]
    assert {t.key: t.count for t in response.context["types"]}["practices"] >= 1
    assert 'aria-current="true">Calls for practices' in response.content.decode()


def test_a_french_query_finds_english_items_and_says_their_language(client, hub):
    response = client.get("/fr/search/", {"q": "traite des enfants"})
    assert response.status_code == 200
    first = response.context["results"][0]
    assert first.title in (hub["trafficking"].title, hub["call"].title)
    assert first.language_code == "en"
    assert first.language_name.lower() == "anglais"
    assert hub["remittances"].title not in _titles(response)  # below the relevance floor


def test_result_shows_type_title_snippet_and_link(client, hub):
    response = client.get("/en/search/", {"q": "remittance fees mobile money", "type": "resources"})
    html = response.content.decode()
    assert hub["remittances"].get_absolute_url() in html
    assert "A study of remittance fees" in html
    assert response.context["results"][0].type_label == "Knowledge resource"


def test_no_query_and_no_result_are_said_in_plain_words(client, hub):
    empty = client.get("/en/search/")
    assert empty.status_code == 200
    assert "Type a few words above" in empty.content.decode()
    nothing = client.get("/en/search/", {"q": "zzqx wvvk"})
    assert nothing.status_code == 200
    assert "No results" in nothing.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "child\x00trafficking"},
        {"q": "trafficking " * 200},
        {"q": '"AND OR NOT * ( ) : ^ -'},
        {"q": "trafficking", "page": "abc"},
        {"q": "trafficking", "page": "9999"},
        {"q": "trafficking", "type": "<script>"},
        {"q": "   ", "type": "calls"},
    ],
)
def test_odd_input_never_fails(client, hub, params):
    response = client.get("/en/search/", params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_every_page_has_the_search_box(client, hub):
    html = client.get("/es/practices/").content.decode()
    assert 'action="/es/search/"' in html
    assert 'role="search"' in html


def test_search_page_permission_matrix(hub):
    ok = {"*": "ok"}
    cases = [Case("/en/search/", ok), Case("/en/search/?q=trafficking&type=practices", ok)]
    assert check_matrix(cases) == []
