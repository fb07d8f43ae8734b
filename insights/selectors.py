"""Reads for the insights pages: the gap map (items per pair of facet values) and the headline
figures; beside them, what people ask for per objective (supply and demand).

Counts come from the listings' own facet index (through :mod:`repository.listing`): a cell is the
number of items carrying the row's value *and* the column's value, exactly what the public
listing shows for ``?<rows>=<row>&<cols>=<col>``, so the two cannot drift apart.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from calls.models import Call
from discussions.selectors import contributions_by_objective
from events.selectors import registrations_by_objective
from pledges import selectors as pledge_selectors
from repository import listing
from repository.choices import PublicationStatus
from repository.facets import FACET_TITLES, facet_options
from repository.models import Practice, PracticeObjective, Resource
from search.selectors import missed_searches_by_objective
from support.selectors import requests_by_objective
from taxonomy.models import Objective

# The dimensions a gap map may cross, in the order the form offers them.
DIMENSIONS = ("objective", "region", "principle", "type", "language", "country")
# Dimensions whose long vocabularies are shown only with the values in use.
ONLY_USED = frozenset({"language", "country"})
CONTENT = {"practice": Practice, "resource": Resource}
# Pledges are counted too, on the dimensions that apply to them (pledges.selectors).
CONTENT_KINDS = (*CONTENT, "pledge")
LISTING_URL = {
    "practice": "repository:practice_list",
    "resource": "repository:resource_list",
    "pledge": "pledges:list",
}


@dataclass
class Axis:
    value: str  # what the listing's filter takes
    label: str


@dataclass
class Cell:
    row: str
    col: str
    count: int
    level: int = 0  # colour intensity 0 (none) to 5 (the largest count of the grid)
    url: str = ""


@dataclass
class Grid:
    content: str
    rows_dimension: str
    cols_dimension: str
    rows: list[Axis]
    cols: list[Axis]
    cells: list[Cell] = field(default_factory=list)

    @property
    def table(self) -> list[tuple[Axis, list[Cell]]]:
        """The cells by row, in the columns' order (for the HTML table)."""
        width = len(self.cols)
        return [(row, self.cells[i * width : (i + 1) * width]) for i, row in enumerate(self.rows)]

    @property
    def rows_title(self) -> str:
        return str(FACET_TITLES[self.rows_dimension])

    @property
    def cols_title(self) -> str:
        return str(FACET_TITLES[self.cols_dimension])


LEVELS = 5


def _level(count: int, largest: int) -> int:
    if not count or not largest:
        return 0
    return max(1, -(-count * LEVELS // largest))  # ceil: any item gives at least level 1


def _axis(dimension: str, model: Any, totals: dict[str, int]) -> list[Axis]:
    options = facet_options(model, (dimension,))[dimension]
    return [
        Axis(key, label)
        for key, label, _row in options
        if dimension not in ONLY_USED or totals.get(key)
    ]


def _link(grid: "Grid") -> None:
    """Give each non-zero cell the listing's URL with its two facets (the listing's URL and
    each value's part reversed and quoted once a grid, not once a cell)."""
    base = reverse(LISTING_URL[grid.content])
    rows = {a.value: urlencode({grid.rows_dimension: a.value}) for a in grid.rows}
    cols = {a.value: urlencode({grid.cols_dimension: a.value}) for a in grid.cols}
    for cell in grid.cells:
        if cell.count:
            cell.url = f"{base}?{rows[cell.row]}&{cols[cell.col]}"


def coverage(*, rows: str, cols: str, content: str = "practice") -> Grid:
    """Published items of ``content`` per value of ``rows`` × value of ``cols`` (validated by
    the caller: two different names of ``DIMENSIONS``, a key of ``CONTENT``)."""
    if content == "pledge":
        return _pledge_coverage(rows=rows, cols=cols)
    model = CONTENT[content]
    grid = Grid(
        content,
        rows,
        cols,
        _axis(rows, model, listing.published_counts(model, rows)),
        _axis(cols, model, listing.published_counts(model, cols)),
    )
    return _filled(grid, listing.published_pair_counts(model, rows, cols))


def _pledge_coverage(*, rows: str, cols: str) -> Grid:
    """Public pledges per pair (objective, region, country: ``COVERAGE_DIMENSIONS``), with the
    pledges listing's own filters."""
    rows_axis = [Axis(v, label) for v, label in pledge_selectors.axis(rows)]
    cols_axis = [Axis(v, label) for v, label in pledge_selectors.axis(cols)]
    grid = Grid("pledge", rows, cols, rows_axis, cols_axis)
    return _filled(grid, pledge_selectors.pair_counts(rows, cols))


def _filled(grid: Grid, counts: dict[tuple[str, str], int]) -> Grid:
    grid.cells = [
        Cell(row.value, col.value, counts.get((row.value, col.value), 0))
        for row in grid.rows
        for col in grid.cols
    ]
    largest = max((cell.count for cell in grid.cells), default=0)
    for cell in grid.cells:
        cell.level = _level(cell.count, largest)
    _link(grid)
    return grid


@dataclass
class Headline:
    practices: int
    resources: int
    countries: int
    languages: int
    calls: int


def _used(name: str) -> set[str]:
    used: set[str] = set()
    for model in CONTENT.values():
        used |= set(listing.published_counts(model, name))
    return used


def headline() -> Headline:
    """Published practices and resources, the countries and languages they cover, the public
    calls for practices: the same figures for everyone."""
    return Headline(
        practices=listing.published_total(Practice),
        resources=listing.published_total(Resource),
        countries=len(_used("country")),
        languages=len(_used("language")),
        calls=Call.objects.public().count(),
    )


@dataclass(frozen=True)
class DemandRow:
    """One GCM objective: what the repository offers and what people ask for."""

    number: int
    label: str
    practices: int
    requests: int
    url: str
    contributions: int = 0
    registrations: int = 0
    missed_searches: int = 0

    @property
    def asked(self) -> int:
        """Every sign of demand together."""
        return self.requests + self.contributions + self.registrations + self.missed_searches

    @property
    def unmet(self) -> bool:
        """Asked for, with nothing published yet."""
        return self.asked > 0 and self.practices == 0


def supply_and_demand() -> list[DemandRow]:
    """Per objective: published practices (primary or secondary, the listing's ``objective``
    facet) beside what people ask for: support requests, discussion contributions, event
    registrations and searches that found nothing (all time). Six queries whatever the
    numbers."""
    supply = dict(
        PracticeObjective.objects.filter(practice__status=PublicationStatus.PUBLISHED)
        .values_list("objective__number")
        .annotate(count=Count("practice", distinct=True))
    )
    demand = requests_by_objective()
    contributions = contributions_by_objective()
    registrations = registrations_by_objective()
    missed = missed_searches_by_objective()
    practices_url = reverse("repository:practice_list")
    return [
        DemandRow(
            number=o.number,
            label=str(o),
            practices=supply.get(o.number, 0),
            requests=demand.get(o.number, 0),
            url=f"{practices_url}?{urlencode({'objective': o.number})}",
            contributions=contributions.get(o.number, 0),
            registrations=registrations.get(o.number, 0),
            missed_searches=missed.get(o.number, 0),
        )
        for o in Objective.objects.order_by("number")
    ]
