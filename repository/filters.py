"""Facet filters shared by the HTML listings, feeds, exports and the API.

Every facet is a GET parameter that may repeat (``?objective=10&objective=7``): values of one
facet are alternatives (OR), different facets narrow each other (AND). Tag facets use IN
subqueries on the tag tables, so the result never needs DISTINCT.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import Case, Q, QuerySet, When
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from search.selectors import search

from .choices import ListingSort
from .models import Practice, PracticeObjective, Resource, ResourceObjective

MAX_VALUES = 50
# The largest whole number any facet or page parameter may name: every code in the
# vocabularies (objective, SDG, M49 region) and every page size is far below it, and it fits
# a 32-bit integer column on every database.
LARGEST_NUMBER = 2_147_483_647


def whole_number(value: Any, *, largest: int = LARGEST_NUMBER) -> int | None:
    """``value`` as a non-negative whole number written in ASCII digits, or None.

    The one parser for numbers that arrive in URLs (facets, OAI sets, page sizes).
    ``str.isdigit`` alone lets through superscripts such as "²" (which ``int`` refuses) and
    numbers too large for the database; both are None here, like any other text.
    """
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(largest)):
        return None
    number = int(text)
    return number if number <= largest else None


class ValuesField(forms.Field):
    """A repeated GET parameter as a list of non-empty strings."""

    widget = forms.SelectMultiple

    def to_python(self, value: Any) -> list[str]:
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        # A NUL can match nothing, and PostgreSQL refuses it in a query: such a value is dropped.
        texts = (str(v).strip() for v in values)
        return [text for text in texts if text and "\x00" not in text][:MAX_VALUES]


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class ValuesFilter(django_filters.Filter):
    """A facet whose values are matched by ``match(queryset, values)``."""

    field_class = ValuesField

    def __init__(self, *args: Any, match: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.match = match

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        return self.match(qs, value) if value else qs


class YearField(forms.IntegerField):
    """A year a practice or resource could have; others are an error of the filter form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A whole year; decimals and other text are rejected."""

    field_class = YearField


def _ints(values: list[str]) -> list[int]:
    return [n for n in map(whole_number, values) if n is not None]


def _through(model: Any, name: str) -> tuple[Any, str, str]:
    field = model._meta.get_field(name)
    through = field.remote_field.through
    return through, field.m2m_field_name(), field.m2m_reverse_field_name()


def tag_match(model: Any, name: str, lookup: str, values: list) -> Q:
    """Items with a row of their ``name`` relation whose target's ``lookup`` is in values.

    Written as ``pk IN (SELECT item_id FROM through WHERE target_id IN ...)`` so the database
    starts from the (indexed) tag side instead of probing every item.
    """
    through, source, target = _through(model, name)
    ids = through.objects.filter(**{f"{target}__{lookup}__in": values}).values(f"{source}_id")
    return Q(pk__in=ids)


def objective_match(model: Any, values: list[int]) -> Q:
    link, fk = (
        (PracticeObjective, "practice") if model is Practice else (ResourceObjective, "resource")
    )
    ids = link.objects.filter(objective__number__in=values).values(f"{fk}_id")
    return Q(pk__in=ids)


# How many ranked results a search keeps (the listing paginates them).
SEARCH_LIMIT = 300


def text_filter(qs: QuerySet, text: str) -> QuerySet:
    """A plain case-insensitive filter on title, summary and implementer or publisher.

    Not relevance search: the ranked, cross-lingual search of the ``search`` app replaces it.
    """
    words = text.split()[:8]
    model = qs.model
    third = "implementer" if model is Practice else "publisher"
    short = "summary" if model is Practice else "abstract"
    for word in words:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(**{f"{short}__icontains": word})
            | Q(**{f"{third}__icontains": word})
        )
    return qs


def _year(qs: QuerySet, value: int | None) -> QuerySet:
    """Items active during a year (practices) or published in it (resources)."""
    if value is None:
        return qs
    if qs.model is Resource:
        return qs.filter(year=value)
    return qs.filter(start_year__lte=value).filter(
        Q(end_year__isnull=True) | Q(end_year__gte=value)
    )


def _sort(qs: QuerySet, value: str | None) -> QuerySet:
    if value == ListingSort.NEWEST:
        return qs.newest_first()  # type: ignore[attr-defined]
    if value == ListingSort.TITLE:
        return qs.order_by("title", "id")
    return qs.in_hub_order()  # type: ignore[attr-defined]


class ListingFilterSet(django_filters.FilterSet):
    """Facets every listing shares; subclasses add their type facets."""

    objective = ValuesFilter(
        match=lambda qs, v: qs.filter(objective_match(qs.model, _ints(v))),
        label=_("GCM objectives"),
    )
    principle = ValuesFilter(
        match=lambda qs, v: qs.filter(tag_match(qs.model, "principles", "slug", v)),
        label=_("Guiding principles"),
    )
    region = ValuesFilter(
        match=lambda qs, v: qs.filter(tag_match(qs.model, "covered_regions", "m49", _ints(v))),
        label=_("Regions"),
    )
    country = ValuesFilter(
        match=lambda qs, v: qs.filter(
            tag_match(qs.model, "countries", "code", [c.upper() for c in v])
        ),
        label=_("Countries"),
    )
    scope = ValuesFilter(match=lambda qs, v: qs.filter(scope__slug__in=v), label=_("Scope"))
    language = ValuesFilter(
        match=lambda qs, v: qs.filter(language__code__in=v), label=_("Language")
    )
    q = extend_schema_field(OpenApiTypes.STR)(
        django_filters.CharFilter(method="filter_q", label=_("Words"))
    )
    year = extend_schema_field(OpenApiTypes.INT)(YearFilter(method="filter_year", label=_("Year")))
    sort = django_filters.ChoiceFilter(
        method="filter_sort", choices=ListingSort.choices, label=_("Sort by")
    )

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs  # ranked search runs last, in ``filter_queryset``, once every facet applied

    def filter_year(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return _year(qs, int(value) if value is not None else None)

    def filter_sort(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs  # applied last, in ``filter_queryset``

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """Facets first, in the database; then the ranked, cross-lingual search among what
        they allow (relevance order unless another sort is chosen)."""
        qs = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort")
        words = (self.form.cleaned_data.get("q") or "").strip()
        if not words:
            return _sort(qs, sort)

        ranked = search(words, model=qs.model, allowed_ids=qs, limit=SEARCH_LIMIT)
        qs = qs.filter(pk__in=ranked)
        if sort in (None, "", ListingSort.RELEVANCE):
            order = Case(*[When(pk=pk, then=rank) for rank, pk in enumerate(ranked)])
            return qs.order_by(order, "pk")
        return _sort(qs, sort)


class PracticeFilterSet(ListingFilterSet):
    sdg = ValuesFilter(
        match=lambda qs, v: qs.filter(tag_match(Practice, "sdgs", "number", _ints(v))),
        label=_("Sustainable Development Goals"),
    )
    type = ValuesFilter(
        match=lambda qs, v: qs.filter(practice_type__slug__in=v), label=_("Type of practice")
    )
    implementer_type = ValuesFilter(
        match=lambda qs, v: qs.filter(implementer_type__slug__in=v),
        label=_("Type of implementer"),
    )
    call = ValuesFilter(match=lambda qs, v: qs.filter(call__slug__in=v), label=_("Call"))

    class Meta:
        model = Practice
        fields: list[str] = []


class ResourceFilterSet(ListingFilterSet):
    type = ValuesFilter(
        match=lambda qs, v: qs.filter(resource_type__slug__in=v), label=_("Type of resource")
    )

    class Meta:
        model = Resource
        fields: list[str] = []
