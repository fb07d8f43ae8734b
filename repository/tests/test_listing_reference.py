"""The listing's fast path (``repository.listing``: facet index, hand-built card query) against a
plain Django ORM implementation of the same listing, on random practices and resources with
random tags: for random combinations of facets, years, sorts and pages both give the same ids
in the same order, the same page of cards, the same facet counts and the same year counts."""

import random
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count, F, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repository.listing import PAGE_SIZE, listing_page
from repository.models import Practice, Resource
from taxonomy.models import Language, OrganisationType, PracticeType, ResourceType, ScopeLevel
from tests.factories import CallFactory, PracticeFactory, ResourceFactory

pytestmark = pytest.mark.django_db

# Facet -> (ORM path to the value's key, how a GET value becomes a key), per model.
COMMON = {
    "objective": ("objective_rows__objective__number", "int"),
    "principle": ("principles__slug", "text"),
    "region": ("covered_regions__m49", "int"),
    "country": ("countries__code", "upper"),
    "scope": ("scope__slug", "text"),
    "language": ("language__code", "text"),
}
FACETS = {
    Practice: {
        **COMMON,
        "sdg": ("sdgs__number", "int"),
        "type": ("practice_type__slug", "text"),
        "implementer_type": ("implementer_type__slug", "text"),
        "call": ("call__slug", "text"),
    },
    Resource: {**COMMON, "type": ("resource_type__slug", "text")},
}
# Values the random queries choose from: those the random items carry, and a few they do not
# (unknown, malformed, lower-case countries).
VALUES = {
    "objective": ["1", "7", "10", "23", "5", "99", "ten"],
    "principle": ["gender-responsive", "child-sensitive", "whole-of-society", "nope"],
    "region": ["2", "19", "142", "150", "9"],
    "country": ["KE", "SN", "mx", "TH", "FR", "ZZ"],
    "scope": ["global", "regional", "national", "local", "nowhere"],
    "language": ["en", "fr", "es", "xx"],
    "sdg": ["5", "8", "10", "17"],
    "type": ["project", "policy", "partnership", "report", "toolkit"],
    "implementer_type": ["government", "ngo", "un", "none"],
    "call": ["call-a", "call-b", "call-z"],
}
TITLES = ["Éducation pour tous", "education first", "Zebra crossings", "apple", "Apple", "Ñandú"]
MOMENTS = [datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=d) for d in (0, 0, 3, 40)]


def _random_items(seed: int) -> None:
    """Random published items (and a few unpublished) with random facets and tags; titles and
    publication times repeat, so ties must be broken the same way."""
    rng = random.Random(seed)
    scopes = list(ScopeLevel.objects.filter(slug__in=VALUES["scope"]))
    practice_types = list(PracticeType.objects.filter(slug__in=VALUES["type"]))
    resource_types = list(ResourceType.objects.filter(slug__in=VALUES["type"]))
    implementers = [None, *OrganisationType.objects.filter(slug__in=VALUES["implementer_type"])]
    languages = list(Language.objects.filter(code__in=VALUES["language"]))
    calls = [None, CallFactory(slug="call-a"), CallFactory(slug="call-b")]

    def tags() -> dict:
        return {
            "objectives": rng.sample([1, 7, 10, 23], rng.randint(1, 3)),
            "secondary_objectives": rng.sample([2, 5], rng.randint(0, 2)),
            "principles": rng.sample(VALUES["principle"][:3], rng.randint(0, 2)),
            "sdgs": rng.sample([5, 8, 10], rng.randint(0, 2)),
            "countries": rng.sample(["KE", "SN", "MX", "TH"], rng.randint(0, 3)),
            "regions": rng.sample([2, 19, 142, 150], rng.randint(0, 2)),
        }

    for n in range(45):
        start = rng.choice([None, 2012, 2018, 2019, 2021, 2024])
        PracticeFactory(
            title=f"{rng.choice(TITLES)} {rng.randint(1, 3)}",
            status="published" if n % 9 else rng.choice(["withdrawn", "draft"]),
            published_at=rng.choice([*MOMENTS, None]),
            scope=rng.choice(scopes),
            practice_type=rng.choice(practice_types),
            implementer_type=rng.choice(implementers),
            language=rng.choice(languages),
            call=rng.choice(calls),
            start_year=start,
            end_year=rng.choice([None, start, start + 2, 2030]) if start else None,
            tags=tags(),
        )
    for n in range(25):
        ResourceFactory(
            title=rng.choice(TITLES),
            status="published" if n % 8 else "withdrawn",
            published_at=rng.choice(MOMENTS),
            scope=rng.choice(scopes),
            resource_type=rng.choice(resource_types),
            language=rng.choice(languages),
            year=rng.choice([None, 2019, 2021, 2023]),
            tags=tags(),
        )


# The reference: the same listing written plainly with the ORM, one query per question.


def _keys(kind: str, values: list[str]) -> list:
    if kind == "int":
        return [int(v) for v in values if v.isascii() and v.isdigit()]
    return [v.upper() for v in values] if kind == "upper" else values


def _narrowed(
    model: type, chosen: dict[str, list[str]], year: int | None, but: str = ""
) -> QuerySet:
    """Published items with every chosen facet value (any value of a facet) and the year,
    except the filter named ``but``."""
    qs = model.objects.published()
    for name, values in chosen.items():
        if name != but and values:
            path, kind = FACETS[model][name]
            qs = qs.filter(pk__in=model.objects.filter(**{f"{path}__in": _keys(kind, values)}))
    if year is not None and but != "year":
        if model is Resource:
            qs = qs.filter(year=year)
        else:
            qs = qs.filter(start_year__lte=year).filter(
                Q(end_year__isnull=True) | Q(end_year__gte=year)
            )
    return qs


def _title_key(title: str) -> str:
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _ordered(qs: QuerySet, sort: str) -> list[int]:
    newest = (F("published_at").desc(nulls_last=True), "-id")
    if sort == "title":  # case and accents ignored, as readers expect (not the database's order)
        rows = sorted(qs.values_list("title", "id"), key=lambda r: (_title_key(r[0]), r[1]))
        return [pk for _title, pk in rows]
    if sort == "newest":
        return list(qs.order_by(*newest).values_list("id", flat=True))
    hub = qs.order_by("scope_rank", "-objective_count", *newest)
    return list(hub.values_list("id", flat=True))


def _counts(model: type, chosen: dict, year: int | None, name: str) -> dict[str, int]:
    path = FACETS[model][name][0]
    rows = (
        _narrowed(model, chosen, year, but=name).values(path).annotate(n=Count("id", distinct=True))
    )
    return {str(row[path]): row["n"] for row in rows if row[path] is not None}


def _year_counts(model: type, chosen: dict, year: int | None) -> list[tuple[int, int]]:
    base = _narrowed(model, chosen, year, but="year")
    if model is Resource:
        rows = base.exclude(year=None).values("year").annotate(n=Count("id", distinct=True))
        found = {row["year"]: row["n"] for row in rows}
    else:
        # years from the first start to the last start or end, or this year if later
        dated = base.exclude(start_year=None).values_list("start_year", "end_year")
        starts = [start for start, _end in dated]
        last = max([*starts, *(end for _start, end in dated if end), timezone.now().year])
        found = {}
        for candidate in range(min(starts), last + 1) if starts else ():
            n = _narrowed(model, chosen, candidate).filter(pk__in=base).count()
            if n:
                found[candidate] = n
    if year is not None:
        found.setdefault(year, 0)
    return sorted(found.items(), reverse=True)


# The random queries.


def _query(model: type) -> st.SearchStrategy[tuple[dict, int | None, str, int]]:
    names = sorted(FACETS[model])
    chosen = st.dictionaries(
        st.sampled_from(names),
        st.sampled_from(names).flatmap(
            lambda n: st.lists(st.sampled_from(VALUES[n]), min_size=1, max_size=2)
        ),
        max_size=4,
    )
    years = st.one_of(st.none(), st.sampled_from([2012, 2019, 2020, 2023, 2026]))
    sorts = st.sampled_from(["", "newest", "title", "relevance", "bogus"])
    return st.tuples(chosen, years, sorts, st.integers(min_value=1, max_value=4))


def _params(chosen: dict, year: int | None, sort: str, page: int) -> QueryDict:
    params = QueryDict(mutable=True)
    for name, values in chosen.items():
        params.setlist(name, values)
    if year is not None:
        params["year"] = str(year)
    if sort:
        params["sort"] = sort
    params["page"] = str(page)
    return params


def _check(model: type, chosen: dict, year: int | None, sort: str, page: int) -> None:
    listing = listing_page(model, _params(chosen, year, sort, page))
    expected = _ordered(_narrowed(model, chosen, year), "" if sort == "bogus" else sort)
    assert list(listing.ids) == expected
    assert listing.total == len(expected)
    number = listing.page.number
    window = expected[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    cards = list(listing.page.object_list)
    assert [card.pk for card in cards] == window
    items = model.objects.in_bulk(window)
    for card in cards:
        item = items[card.pk]
        assert (card.title, card.language.code) == (item.title, item.language.code)
        assert [o.pk for o in card.primary_objectives] == [o.pk for o in item.primary_objectives]
    for facet in listing.facets:
        counts = _counts(model, chosen, year, facet.name)
        assert {v.key: v.count for v in facet.values} == {
            v.key: counts.get(v.key, 0) for v in facet.values
        }, facet.name
    assert listing.years == _year_counts(model, chosen, year)


EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def random_items():
    _random_items(seed=12)


@EXAMPLES
@given(query=_query(Practice))
def test_practice_listing_equals_the_orm_reference(random_items, query):
    _check(Practice, *query)


@EXAMPLES
@given(query=_query(Resource))
def test_resource_listing_equals_the_orm_reference(random_items, query):
    _check(Resource, *query)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_single_facet_value_equals_the_orm_reference(seed):
    """Each value of each facet alone, on other random data, in the Hub's order."""
    _random_items(seed)
    for model in (Practice, Resource):
        for name in FACETS[model]:
            for value in VALUES[name]:
                _check(model, {name: [value]}, None, "", 1)
