import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from repository.services import practice_unpublish
from taxonomy.models import Language, ScopeLevel
from tests.factories import CallFactory, PracticeFactory, ResourceFactory
from tests.matrix import Case, check_matrix

pytestmark = pytest.mark.django_db


def test_listing_is_a_get_form_with_checkboxes_and_an_apply_button(client):
    PracticeFactory(tags={"objectives": [10]})
    body = client.get("/en/practices/").content.decode()
    form = re.search(r'<form class="facets" method="get".*?</form>', body, re.S).group(0)
    assert 'type="checkbox"' in form
    assert 'name="objective" value="10"' in form
    assert ">Apply</button>" in form


def test_chosen_facets_stay_ticked_and_narrow_the_list(client):
    PracticeFactory(title="About trafficking", tags={"objectives": [10]})
    PracticeFactory(title="About data", tags={"objectives": [1]})
    body = client.get("/en/practices/?objective=10").content.decode()
    assert "About trafficking" in body
    assert "About data" not in body
    assert 'name="objective" value="10" checked' in body
    assert "1 practice" in body


def test_facet_labels_written_by_people_are_escaped(client):
    call = CallFactory(title='Call <script>alert("x")</script> & more')
    PracticeFactory(call=call)
    body = client.get("/en/practices/").content.decode()
    assert "<script>alert" not in body
    assert "Call &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in body
    assert f'<label><input type="checkbox" name="call" value="{call.slug}">' in body


def test_counter_names_the_scope(client):
    for _ in range(3):
        PracticeFactory(scope=ScopeLevel.objects.get(slug="global"))
    body = client.get("/en/practices/?scope=global").content.decode()
    assert "3 global practices" in body


def test_htmx_request_gets_only_the_listing(client):
    PracticeFactory(title="Partial please")
    response = client.get("/en/practices/?objective=1", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="listing"')
    assert "<html" not in body
    assert "Partial please" in body


def test_listing_no_longer_loads_htmx(client):
    """hub.js reloads the listing on a change (issue 10.13: htmx was 51 KB of a 125 KB page)."""
    body = client.get("/en/practices/").content.decode()
    assert "htmx" not in body
    assert 'action="/en/practices/" data-live-listing' in body


def test_whole_page_and_listing_part_are_cached_apart(client):
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get("/en/practices/", headers=headers)
        assert "HX-Request" in response.headers["Vary"]


def test_listing_facets_fold_into_a_disclosure_after_a_count_of_choices(client):
    body = client.get("/en/practices/?objective=1&objective=2&year=2020").content.decode()
    assert '<details class="facets-disclosure" data-open-wide>' in body
    assert "(3 chosen)" in body
    assert "chosen)" not in client.get("/en/practices/").content.decode()


def test_practice_page_shows_every_public_field(client):
    practice = PracticeFactory(
        title="Community shelters",
        start_year=2018,
        end_year=None,
        implementer="Ministry of Labour",
        partners="Red Cross\nLocal NGO",
        results="Three hundred people housed.",
        lessons="Start with the municipalities.",
        licence="cc-by-4.0",
        tags={
            "objectives": [10, 7],
            "principles": ["human-rights"],
            "sdgs": [5],
            "countries": ["KE"],
        },
    )
    body = client.get(practice.get_absolute_url()).content.decode()
    for text in (
        "Community shelters",
        "2018 – present",
        "Ministry of Labour",
        "Red Cross",
        "Three hundred people housed.",
        "Start with the municipalities.",
        "Kenya",
        "Human rights",
        "Eradicate trafficking",
        "5 - Gender equality",
        "CC BY 4.0",
        "@misc{",
    ):
        assert text in body, text


def test_practice_page_in_french_names_objectives_in_french_and_says_text_is_english(client):
    practice = PracticeFactory(tags={"objectives": [10]})
    body = client.get(f"/fr/practices/{practice.slug}/").content.decode()
    assert "Éliminer la traite" in body
    assert "langue d'origine" in body or "original language" in body
    assert 'lang="en"' in body


def test_no_language_notice_when_text_matches_the_interface(client):
    practice = PracticeFactory()
    body = client.get(f"/en/practices/{practice.slug}/").content.decode()
    assert "original language" not in body


def test_practice_page_carries_schema_org_json_ld(client):
    practice = PracticeFactory(
        title="Data </script> bridge", language=Language.objects.get(code="es")
    )
    body = client.get(practice.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    data = json.loads(raw)
    assert data["name"] == "Data </script> bridge"
    assert data["inLanguage"] == "es"
    assert data["url"].endswith(practice.get_absolute_url())


def test_unpublished_practice_is_hidden_from_the_public_but_not_deleted(client):
    practice = PracticeFactory(slug="gone")
    practice_unpublish(practice=practice)
    assert client.get("/en/practices/gone/").status_code == 404
    assert "gone" not in client.get("/en/practices/").content.decode()


def test_resource_page_shows_type_publisher_and_abstract(client):
    resource = ResourceFactory(
        title="Guide to screening", publisher="Institute", authors="A. B\nC. D"
    )
    body = client.get(resource.get_absolute_url()).content.decode()
    for text in (
        "Guide to screening",
        "Institute",
        "A. B",
        "Report",
        "A knowledge resource used in tests.",
    ):
        assert text in body


def test_home_shows_the_six_latest_practices_as_cards(client):
    for n in range(7):
        PracticeFactory(title=f"Latest {n}")
    body = client.get("/en/").content.decode()
    assert body.count('class="card card--item"') == 6
    assert "Implemented by" in body


def test_listing_query_count_does_not_grow_with_practices(client, django_assert_max_num_queries):
    def make(n):
        for i in range(n):
            PracticeFactory(
                tags={
                    "objectives": [i % 9 + 1, 10],
                    "countries": ["KE"],
                    "principles": ["human-rights"],
                }
            )

    make(3)
    url = "/en/practices/?objective=10&country=KE&scope=national"
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    make(25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_search_listing_query_count_does_not_grow_with_practices(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    def make(n):
        for i in range(n):
            PracticeFactory(
                title=f"Shelters for survivors of trafficking {i}",
                summary="Safe housing and legal aid for trafficked people.",
                tags={"objectives": [10, i % 9 + 1], "countries": ["KE"]},
            )

    make(3)
    url = "/en/practices/?q=shelters+for+trafficking+survivors&objective=10"
    client.get(url)  # builds the facet index and the vector matrix
    with django_assert_max_num_queries(40) as small:
        assert "Shelters for survivors" in client.get(url).content.decode()
    count = len(small.captured_queries)  # read now: the query log keeps the last 9,000 only
    make(25)
    client.get(url)
    with django_assert_num_queries(count):
        assert "Shelters for survivors" in client.get(url).content.decode()


def test_practice_page_query_count_is_constant(client, django_assert_max_num_queries):
    practice = PracticeFactory(tags={"objectives": [1, 2, 3], "countries": ["KE", "UG", "TZ"]})
    for _ in range(5):  # enough neighbours to fill the "similar practices" block
        PracticeFactory(tags={"objectives": [1, 2], "countries": ["KE"]})
    client.get(practice.get_absolute_url())  # per-process caches (vocabularies, vectors)
    with django_assert_max_num_queries(20) as few:
        assert client.get(practice.get_absolute_url()).status_code == 200
    count = len(few.captured_queries)  # read now: the query log keeps the last 9,000 only
    for _ in range(10):
        PracticeFactory(tags={"objectives": [1, 3], "countries": ["UG"]})
    client.get(practice.get_absolute_url())
    with django_assert_max_num_queries(count):
        assert client.get(practice.get_absolute_url()).status_code == 200


def test_feed_is_atom_with_the_same_parameters(client):
    PracticeFactory(title="In the feed", tags={"objectives": [10]})
    PracticeFactory(title="Not in the feed", tags={"objectives": [1]})
    response = client.get("/en/practices/feed/?objective=10")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "In the feed" in body
    assert "Not in the feed" not in body
    assert "<feed" in body


def test_resource_feed(client):
    ResourceFactory(title="A resource feed item")
    assert "A resource feed item" in client.get("/en/resources/feed/").content.decode()


def test_csv_export_follows_the_listing(client):
    PracticeFactory(title="=cmd exported", tags={"objectives": [10, 7], "countries": ["KE"]})
    PracticeFactory(title="Left out", tags={"objectives": [1]})
    response = client.get("/en/practices/export.csv?objective=10")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Title"
    assert len(rows) == 2
    assert rows[1][0] == "'=cmd exported"  # formulas are neutralised
    assert rows[1][3] == "10, 7"


def test_xlsx_export_follows_the_listing(client):
    PracticeFactory(title="In the sheet", tags={"objectives": [10]})
    response = client.get("/en/practices/export.xlsx?objective=10")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert values == ["Title", "In the sheet"]


def test_permission_matrix_for_repository_pages():
    PracticeFactory(slug="public-practice")
    hidden = PracticeFactory(slug="hidden-practice")
    practice_unpublish(practice=hidden)
    ResourceFactory(slug="public-resource")
    ok = {"*": "ok"}
    cases = [
        Case("/en/practices/", ok),
        Case("/en/practices/?objective=10&sort=title", ok),
        Case("/en/practices/public-practice/", ok),
        Case(
            "/en/practices/hidden-practice/",
            {"*": "hidden", "curator": "ok", "administrator": "ok"},
        ),
        Case("/en/practices/no-such-practice/", {"*": "hidden"}),
        Case("/en/practices/feed/", ok),
        Case("/en/practices/export.csv", ok),
        Case("/en/practices/export.xlsx", ok),
        Case("/en/resources/", ok),
        Case("/en/resources/public-resource/", ok),
        Case("/en/resources/no-such-resource/", {"*": "hidden"}),
        Case("/en/resources/feed/", ok),
    ]
    assert check_matrix(cases) == []


def test_sitemap_lists_published_items_in_every_language(client):
    PracticeFactory(slug="in-the-map")
    hidden = PracticeFactory(slug="not-in-the-map")
    practice_unpublish(practice=hidden)
    ResourceFactory(slug="resource-in-the-map")
    body = client.get("/sitemap.xml").content.decode()
    for lang in ("en", "fr", "es"):
        assert f"/{lang}/practices/in-the-map/" in body
    assert "/en/resources/resource-in-the-map/" in body
    assert "not-in-the-map" not in body


def test_practice_page_links_resources_on_the_same_objectives(client):
    practice = PracticeFactory(tags={"objectives": [10]})
    ResourceFactory(title="Guide on trafficking", tags={"objectives": [10]})
    ResourceFactory(title="Guide on data", tags={"objectives": [1]})
    body = client.get(f"/en/practices/{practice.slug}/").content.decode()
    assert "Guide on trafficking" in body
    assert "Guide on data" not in body


def test_year_choice_lists_years_with_counts_and_keeps_the_chosen_one(client):
    PracticeFactory(start_year=2019, end_year=2020)
    body = client.get("/fr/practices/?year=2019").content.decode()
    assert '<option value="2019" selected>2019 (1)</option>' in body
    assert '<option value="2020">2020 (1)</option>' in body
    assert "Toutes les années" in body


def test_practice_page_lists_countries_in_the_order_of_the_interface_language(client):
    practice = PracticeFactory(tags={"objectives": [1], "countries": ["DE", "EG"]})
    english = client.get(f"/en/practices/{practice.slug}/").content.decode()
    french = client.get(f"/fr/practices/{practice.slug}/").content.decode()
    assert english.index("Egypt") < english.index("Germany")
    assert french.index("Allemagne") < french.index("Égypte")


def _selected_sort(body: str) -> list[str]:
    menu = re.search(r'<select id="id_sort" name="sort">(.*?)</select>', body, re.S).group(1)
    return re.findall(r"<option [^>]*selected[^>]*>([^<]+)</option>", menu)


def test_sort_menu_shows_the_order_actually_applied(client):
    PracticeFactory(title="Shelters for survivors of trafficking", tags={"objectives": [10]})
    assert _selected_sort(client.get("/en/practices/").content.decode()) == [
        "Most comprehensive first"
    ]
    searching = client.get("/en/practices/?q=trafficking+shelters").content.decode()
    assert _selected_sort(searching) == ["Relevance (when searching)"]
    chosen = client.get("/en/practices/?q=trafficking+shelters&sort=scope").content.decode()
    assert _selected_sort(chosen) == ["Most comprehensive first"]
    newest = client.get("/en/practices/?q=trafficking+shelters&sort=newest").content.decode()
    assert _selected_sort(newest) == ["Newest first"]
    assert _selected_sort(client.get("/fr/practices/?q=traite").content.decode()) == [
        "Pertinence (lors d'une recherche)"
    ]
