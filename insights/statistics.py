"""Reads for the public statistics: the Hub's six figures and how each grew, year by year.

Each figure is a running total at the end of each year (the current year: so far): published
practices and knowledge resources by the year of their first publication; the countries and
languages they cover, each counted from the year the first published item carried it; listed
experts by the year the Hub team verified them; public calls for practices by the year they
opened. The last point of each series is the figure shown today.

The whole set, charts included, is remembered per process for the language and a ten-minute
slot until published content changes (``repository.listing.per_content``): the home page and the
insights page read it without a query beyond the content-version check most of the time. Expert
and call changes show within ten minutes.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from calls.models import Call
from experts.models import ExpertProfile
from repository import listing
from repository.choices import PublicationStatus
from repository.models import Practice, Resource

from .charts import trend_svg

YEARS_SHOWN = 10  # the last ten years; the first point carries everything before it
SLOT_SECONDS = 600


@dataclass(frozen=True)
class Series:
    """One figure: its name, today's value and the running total per year."""

    key: str
    label: str
    points: list[tuple[str, int]]
    chart: SafeString

    @property
    def value(self) -> int:
        return self.points[-1][1] if self.points else 0

    @property
    def chart_title(self) -> str:
        return _("%(figure)s, year by year") % {"figure": self.label}


def _year(moment: datetime | None) -> int | None:
    """The year in the Hub's own time zone (not the viewer's: the set is shared)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).year if moment else None


def _first_years(rows: Iterable[tuple[object, datetime | None]]) -> Counter[int]:
    """How many keys appear first in each year, from (key, first instant) rows (a key may come
    in several rows, e.g. from practices and from resources: its earliest counts)."""
    first: dict[object, int] = {}
    for key, moment in rows:
        year = _year(moment)
        if key is None or year is None:
            continue
        first[key] = min(year, first.get(key, year))
    return Counter(first.values())


def _first_published(model) -> int | None:
    return _year(
        model.objects.filter(status=PublicationStatus.PUBLISHED).aggregate(
            first=Min("published_at")
        )["first"]
    )


def _published_per_year(model, years: list[int]) -> Counter[int]:
    """Published items per year of first publication over ``years`` (the first year also holds
    every item before it): one query of conditional counts on the publication date, compared
    with each year's end, so no date is computed row by row."""
    zone = timezone.get_default_timezone()
    ends = {
        f"by{year}": Count("pk", filter=Q(published_at__lt=datetime(year + 1, 1, 1, tzinfo=zone)))
        for year in years[:-1]
    }
    totals = model.objects.filter(status=PublicationStatus.PUBLISHED).aggregate(
        everything=Count("pk"), **ends
    )
    cumulative = [totals[f"by{year}"] for year in years[:-1]] + [totals["everything"]]
    counts: Counter[int] = Counter()
    previous = 0
    for year, total in zip(years, cumulative, strict=True):
        counts[year] = total - previous
        previous = total
    return counts


def _tag_first(model, field: str) -> list[tuple[object, datetime | None]]:
    """(tag id, first publication instant of a published item carrying it)."""
    through = model._meta.get_field(field).remote_field.through
    owner = model._meta.model_name
    target = model._meta.get_field(field).remote_field.model._meta.model_name
    return list(
        through.objects.filter(**{f"{owner}__status": PublicationStatus.PUBLISHED})
        .values(f"{target}_id")
        .annotate(first=Min(f"{owner}__published_at"))
        .values_list(f"{target}_id", "first")
    )


def _language_first(model) -> list[tuple[object, datetime | None]]:
    return list(
        model.objects.filter(status=PublicationStatus.PUBLISHED)
        .values("language_id")
        .annotate(first=Min("published_at"))
        .values_list("language_id", "first")
    )


def yearly_counts() -> dict[str, Counter[int]]:
    """New countries, languages, experts and calls per year (seven queries)."""
    calls = Call.objects.public().values_list("pk", "opens_at", "created_at")
    return {
        "countries": _first_years(
            _tag_first(Practice, "countries") + _tag_first(Resource, "countries")
        ),
        "languages": _first_years(
            _language_first(Practice)
            + _language_first(Resource)
            + _tag_first(Resource, "other_languages")
        ),
        "experts": _first_years(ExpertProfile.objects.listed().values_list("pk", "verified_at")),
        "calls": _first_years((pk, opens or created) for pk, opens, created in calls),
    }


def running_totals(counts: Counter[int], years: list[int]) -> list[tuple[str, int]]:
    """The running total at the end of each year of ``years`` (the first includes all before)."""
    before = sum(n for year, n in counts.items() if year < years[0])
    points = []
    for year in years:
        before += counts.get(year, 0)
        points.append((str(year), before))
    return points


def _labels() -> dict[str, str]:
    return {
        "practices": _("Published practices"),
        "resources": _("Knowledge resources"),
        "countries": _("Countries covered"),
        "languages": _("Languages"),
        "experts": _("Experts"),
        "calls": _("Calls for practices"),
    }


def _description(label: str, points: list[tuple[str, int]]) -> str:
    first, last = points[0], points[-1]
    return _("%(figure)s: %(start)s at the end of %(first)s, %(end)s in %(last)s.") % {
        "figure": label,
        "start": first[1],
        "first": first[0],
        "end": last[1],
        "last": last[0],
    }


def compute_statistics(now: datetime | None = None) -> list[Series]:
    """The six figures with their yearly running totals and charts, in the active language
    (eleven queries whatever the numbers)."""
    this_year = _year(now or timezone.now()) or 0
    counts = yearly_counts()
    started = [year for counter in counts.values() for year in counter]
    started += [y for y in (_first_published(Practice), _first_published(Resource)) if y]
    first_year = max(min(started, default=this_year), this_year - YEARS_SHOWN + 1)
    years = list(range(first_year, this_year + 1))
    counts["practices"] = _published_per_year(Practice, years)
    counts["resources"] = _published_per_year(Resource, years)
    found = []
    for key, label in _labels().items():
        points = running_totals(counts[key], years)
        chart = trend_svg(
            points,
            ident=f"chart-{key}",
            title=_("%(figure)s, year by year") % {"figure": label},
            description=_description(label, points),
        )
        found.append(Series(key, label, points, chart))
    return found


def statistics() -> list[Series]:
    """:func:`compute_statistics`, remembered (see the module's docstring)."""
    slot = int(timezone.now().timestamp()) // SLOT_SECONDS
    key = ("insights.statistics", translation.get_language(), slot)
    return listing.per_content(key, compute_statistics)
