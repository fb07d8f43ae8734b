"""Reads about pledges: the listing with its facets and counts, a pledge's page, the Hub team's
queue of updates, the links shown on practices' pages and the counts of the gap map.

A facet's count is the number of public pledges matching every *other* chosen facet and that
value, so ticking the value gives exactly that many results. Several values of one facet are
alternatives (any of them), facets combine (all of them). The gap map's cells use the same
filters, so a cell and the listing it links to show the same number.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.types import Actor
from repository.facets import Facet, FacetValue
from repository.models import Practice
from taxonomy.models import Country, Objective, Region

from .choices import PUBLIC, EntityType, PledgeStatus, UpdateStatus
from .models import Pledge, PledgeUpdate
from .permissions import PledgeAction, policy

PER_PAGE = 20
#: The listing's facets: query parameter -> (title, the lookup a value is matched on).
FACETS: dict[str, tuple[Any, str]] = {
    "objective": (_("GCM objective"), "objectives__number"),
    "status": (_("Status"), "status"),
    "type": (_("Type of entity"), "entity_type"),
    "region": (_("Region"), "countries__region__m49"),
    "country": (_("Country"), "countries__code"),
}
#: The dimensions the gap map may cross for pledges (the others do not apply to them).
COVERAGE_DIMENSIONS = ("objective", "region", "country")


#: What a value of each facet looks like; others are ignored (never a server error).
VALID = {
    "objective": str.isdigit,
    "status": lambda v: v in PUBLIC,
    "type": lambda v: v in EntityType.values,
    "region": str.isdigit,
    "country": lambda v: len(v) == 2 and v.isascii() and v.isalpha() and v.isupper(),
}


def chosen(params: Any) -> dict[str, list[str]]:
    """The facet values in the query string (``?objective=10&objective=5&type=state``)."""
    getlist = params.getlist if hasattr(params, "getlist") else lambda k: params.get(k, [])
    values = {
        name: [v for v in getlist(name) if v and len(v) < 6 and VALID[name](v)][:30]
        for name in FACETS
    }
    return {name: found for name, found in values.items() if found}


def _filtered(pledges: QuerySet[Pledge], selected: dict[str, list[str]], skip: str = "") -> Any:
    for name, values in selected.items():
        if name != skip:
            pledges = pledges.filter(**{f"{FACETS[name][1]}__in": values})
    return pledges


def public_pledges(selected: dict[str, list[str]] | None = None) -> QuerySet[Pledge]:
    """Public pledges matching ``selected`` facets (distinct ids: several links may match)."""
    ids = _filtered(Pledge.objects.public(), selected or {}).values("pk")
    return Pledge.objects.filter(pk__in=ids)


def _counts(name: str, selected: dict[str, list[str]]) -> dict[str, int]:
    lookup = FACETS[name][1]
    rows = (
        _filtered(Pledge.objects.public(), selected, skip=name)
        .exclude(**{f"{lookup}__isnull": True})
        .order_by()  # the model's ordering would split the groups
        .values_list(lookup)
        .annotate(n=Count("pk", distinct=True))
    )
    return {str(value): n for value, n in rows}


def _labels(name: str) -> list[tuple[str, str]]:
    match name:
        case "objective":
            return [(str(o.number), str(o)) for o in Objective.objects.order_by("number")]
        case "status":
            return [(value, str(label)) for value, label in PledgeStatus.choices if value in PUBLIC]
        case "type":
            return [(value, str(label)) for value, label in EntityType.choices]
        case "region":
            regions = Region.objects.filter(level=Region.Level.REGION).order_by("name")
            return [(str(r.m49), r.name) for r in regions]
        case _:
            return [(c.code, c.name) for c in Country.objects.order_by("name")]


def facets(selected: dict[str, list[str]]) -> list[Facet]:
    """Every facet with the values in use (and any chosen), each with its count."""
    result = []
    for name, (title, _lookup) in FACETS.items():
        counts, ticked = _counts(name, selected), set(selected.get(name, ()))
        values = [
            FacetValue(key, label, counts.get(key, 0), key in ticked)
            for key, label in _labels(name)
            if counts.get(key) or key in ticked
        ]
        result.append(Facet(name, str(title), values))
    return result


@dataclass
class Listing:
    page: Page
    facets: list[Facet]
    total: int
    query: str = ""
    chosen: int = field(default=0)


def pledge_listing(*, params: Any) -> Listing:
    """One page of public pledges with the listing's facets (a constant number of queries)."""
    selected = chosen(params)
    pledges = (
        public_pledges(selected)
        .order_by("entity", "title", "pk")
        .prefetch_related("objectives", "countries")
    )
    paginator = Paginator(pledges, PER_PAGE)
    page = paginator.get_page(params.get("page"))
    query = urlencode([(k, v) for k, values in selected.items() for v in values])
    chosen_count = sum(len(v) for v in selected.values())
    return Listing(page, facets(selected), paginator.count, query, chosen_count)


def approved_updates(pledge: Pledge) -> list[PledgeUpdate]:
    """The pledge's published progress updates, latest first."""
    return list(pledge.updates.filter(status=UpdateStatus.APPROVED).order_by("-decided_at", "-pk"))


def own_pending_updates(pledge: Pledge, user: Actor) -> list[PledgeUpdate]:
    """The updates this person posted that still wait for (or were declined by) the Hub team."""
    if not getattr(user, "is_authenticated", False):
        return []
    waiting = pledge.updates.filter(author=user).exclude(status=UpdateStatus.APPROVED)  # type: ignore[misc]
    return list(waiting.order_by("-created_at")[:10])


def linked_practices(pledge: Pledge) -> list[Practice]:
    return list(pledge.practices.published().order_by("title"))  # type: ignore[attr-defined]


def pending_queue(user: Actor) -> list[PledgeUpdate]:
    """Updates waiting for the Hub team, oldest first."""
    pending = policy.instances(user, PledgeAction.APPROVE, PledgeUpdate.objects.all())
    return list(pending.select_related("pledge", "author").order_by("created_at", "pk"))


def pledges_linking(practice: Practice, user: Actor) -> list[tuple[str, str]]:
    """(title, URL) of the public pledges linked to a practice, for the practice's page."""
    pledges = policy.instances(user, PledgeAction.VIEW, practice.pledges.all())  # type: ignore[attr-defined]
    return [(p.title, p.get_absolute_url()) for p in pledges.order_by("title")]


def pair_counts(rows: str, cols: str) -> dict[tuple[str, str], int]:
    """Public pledges per (rows value, cols value), for the gap map (``COVERAGE_DIMENSIONS``)."""
    row_lookup, col_lookup = FACETS[rows][1], FACETS[cols][1]
    found = (
        Pledge.objects.public()
        .exclude(Q(**{f"{row_lookup}__isnull": True}) | Q(**{f"{col_lookup}__isnull": True}))
        .order_by()
        .values_list(row_lookup, col_lookup)
        .annotate(n=Count("pk", distinct=True))
    )
    return {(str(r), str(c)): n for r, c, n in found}


def axis(dimension: str) -> list[tuple[str, str]]:
    """The values of a gap-map dimension for pledges: every objective and region, the countries
    in use."""
    if dimension == "country":
        used = set(_counts("country", {}))
        return [(code, name) for code, name in _labels("country") if code in used]
    return _labels(dimension)
