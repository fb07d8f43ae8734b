"""Public statistics: the six figures with their yearly running totals, drawn as inline SVG with
the numbers in a table beside each chart, on the insights page and the home page."""

import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from calls.choices import CallStatus
from experts.choices import ProfileStatus
from experts.models import ExpertProfile
from insights.charts import bars_svg, trend_svg
from insights.selectors import headline
from insights.statistics import compute_statistics, running_totals, statistics
from repository import listing
from taxonomy.models import Language
from tests.factories import CallFactory, PracticeFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _at(year: int, month: int = 6) -> datetime:
    return datetime(year, month, 15, 12, 0, tzinfo=UTC)


def _expert(name: str, verified_at: datetime | None) -> ExpertProfile:
    return ExpertProfile.objects.create(
        user=UserFactory(),
        slug=name.lower().replace(" ", "-"),
        name=name,
        email=f"{name.split()[0].lower()}@expert.example.org",
        bio="Advises ministries on labour migration.",
        bio_language=Language.objects.get(code="en"),
        status=ProfileStatus.LISTED if verified_at else ProfileStatus.PENDING,
        verified_at=verified_at,
    )


@pytest.fixture
def hub():
    """Items spread over three years, and things that never count."""
    this_year = timezone.localdate().year
    fr = Language.objects.get(code="fr")
    PracticeFactory(published_at=_at(this_year - 2), tags={"countries": ["KE"]})
    PracticeFactory(published_at=_at(this_year - 2), tags={"countries": ["KE", "SN"]})
    PracticeFactory(published_at=_at(this_year), language=fr, tags={"countries": ["MX"]})
    PracticeFactory(status="withdrawn", published_at=_at(this_year), tags={"countries": ["TH"]})
    ResourceFactory(published_at=_at(this_year - 1), tags={"countries": ["SN"]})
    _expert("Grace Mensah", _at(this_year - 1))
    _expert("Omar Haddad", None)  # waiting for verification: not counted
    CallFactory(opens_at=_at(this_year - 2))
    CallFactory(opens_at=_at(this_year))
    CallFactory(status=CallStatus.DRAFT)  # not public
    listing.content_changed()
    return this_year


def test_each_figure_is_a_running_total_per_year(hub, django_assert_num_queries):
    this_year = hub
    with django_assert_num_queries(11):  # whatever the numbers
        found = {series.key: series for series in compute_statistics()}
    years = [str(y) for y in range(this_year - 2, this_year + 1)]
    expected = {
        "practices": [2, 2, 3],
        "resources": [0, 1, 1],
        "countries": [2, 2, 3],  # KE, SN; then MX (TH's practice is withdrawn)
        "languages": [1, 1, 2],
        "experts": [0, 1, 1],
        "calls": [1, 1, 2],
    }
    for key, values in expected.items():
        assert found[key].points == list(zip(years, values, strict=True)), key
        assert found[key].value == values[-1]


def test_todays_figures_match_the_headline_the_listings_give(hub):
    found = {series.key: series.value for series in compute_statistics()}
    figures = headline()
    assert found["practices"] == figures.practices
    assert found["resources"] == figures.resources
    assert found["countries"] == figures.countries
    assert found["languages"] == figures.languages
    assert found["calls"] == figures.calls


def test_years_before_the_window_count_in_the_first_point():
    assert running_totals({2001: 4, 2019: 1, 2020: 2}, [2019, 2020, 2021]) == [
        ("2019", 5),
        ("2020", 7),
        ("2021", 7),
    ]


def test_a_trend_is_an_accessible_svg_without_script_or_inline_style():
    svg = trend_svg(
        [("2023", 2), ("2024", 5), ("2025", 9)],
        ident="chart-x",
        title="Published practices, year by year",
        description="Published practices: 2 at the end of 2023, 9 in 2025.",
    )
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-x-title"
    assert root.get("aria-describedby") == "chart-x-desc"
    assert root.find(f"{SVG}title").text == "Published practices, year by year"
    assert root.find(f"{SVG}desc").get("id") == "chart-x-desc"
    for element in root.iter():
        assert element.get("style") is None
        assert element.tag not in (f"{SVG}style", f"{SVG}script")
        assert not any(name.startswith("on") for name in element.attrib)
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert {"2023", "2024", "2025"} <= set(labels)
    assert root.find(f".//{SVG}path") is not None  # the line itself


def test_chart_text_is_escaped():
    svg = bars_svg([("<script>alert(1)</script>", 3)], ident="b", title="A & B", description="d")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "A &amp; B" in svg


def test_insights_page_shows_every_chart_with_its_table(client, hub):
    this_year = hub
    body = client.get("/en/insights/").content.decode()
    assert body.count('<svg xmlns="http://www.w3.org/2000/svg"') == 6
    for name in ("Published practices", "Countries covered", "Experts", "Calls for practices"):
        assert f"{name}, year by year" in body
    table = re.search(r'id="chart-practices-caption".*?</figure>', body, re.S).group(0)
    assert f'<th scope="row">{this_year - 1}</th><td>2</td>' in table
    assert f'<th scope="row">{this_year}</th><td>3</td>' in table
    assert "<script" not in table
    assert "style=" not in table


def test_home_page_shows_the_figures_and_the_practices_trend(client, hub):
    body = client.get("/en/").content.decode()
    assert "The Hub in numbers" in body
    assert body.count("<svg") == 1
    assert "Published practices, year by year" in body
    assert 'href="/en/insights/"' in body
    assert re.search(r"<dt>Experts</dt><dd>1</dd>", body)


def test_statistics_are_remembered_until_content_changes(hub, django_assert_max_num_queries):
    first = statistics()
    with django_assert_max_num_queries(1):  # the content-version check only
        assert statistics() is first
    PracticeFactory(published_at=timezone.now() - timedelta(minutes=1))
    listing.content_changed()
    assert statistics()[0].value == first[0].value + 1
