"""Facet counts: for each facet, how many items each value would give with the other facets
applied. One grouped query per facet, so the cost does not depend on the number of items."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from taxonomy import models as tax

from .models import Practice, PracticeObjective, ResourceObjective

# Facets whose values are vocabulary rows reached through a many-to-many relation.
M2M_FACETS = {
    "principle": ("principles", "slug"),
    "sdg": ("sdgs", "number"),
    "region": ("covered_regions", "m49"),
    "country": ("countries", "code"),
}
# Facets on a foreign key of the item: parameter -> (field, key of the vocabulary row).
FK_FACETS = {
    "scope": ("scope", "slug"),
    "type": ("practice_type", "slug"),
    "implementer_type": ("implementer_type", "slug"),
    "language": ("language", "code"),
    "call": ("call", "slug"),
}
RESOURCE_FK_FACETS = {**FK_FACETS, "type": ("resource_type", "slug")}
# Facets that list only the values in use (long vocabularies).
ONLY_USED = {"country", "region", "language", "call"}
MAX_SHOWN = 40


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool
    objective: Any = None  # the Objective row, for badges


@dataclass
class Facet:
    name: str
    title: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


def _grouped(qs: QuerySet, key: str) -> dict[str, int]:
    rows = qs.order_by().values(key).annotate(n=Count("pk")).values_list(key, "n")
    return {str(k): n for k, n in rows if k is not None}


def count_values(model: Any, name: str, qs: QuerySet) -> dict[str, int]:
    """How many items of ``qs`` carry each value of one facet."""
    ids = qs.order_by().values("pk")
    if name == "objective":
        link, fk = (
            (PracticeObjective, "practice")
            if model is Practice
            else (ResourceObjective, "resource")
        )
        return _grouped(link.objects.filter(**{f"{fk}__in": ids}), "objective__number")
    if name in M2M_FACETS:
        relation, key = M2M_FACETS[name]
        f = model._meta.get_field(relation)
        through = f.remote_field.through
        source, target = f.m2m_field_name(), f.m2m_reverse_field_name()
        return _grouped(through.objects.filter(**{f"{source}__in": ids}), f"{target}__{key}")
    fks = FK_FACETS if model is Practice else RESOURCE_FK_FACETS
    relation, key = fks[name]
    return _grouped(qs, f"{relation}__{key}")


def _options(name: str, model: Any) -> list[tuple[str, str, Any]]:
    """Every value of a facet's vocabulary: (key, label in the UI language, row)."""
    match name:
        case "objective":
            return [(str(o.number), str(o), o) for o in tax.Objective.objects.all()]
        case "sdg":
            return [(str(s.number), str(s), None) for s in tax.SDG.objects.all()]
        case "region":
            rows = tax.Region.objects.exclude(level=tax.Region.Level.INTERMEDIATE)
            return [(str(r.m49), r.name, None) for r in rows.order_by("level", "name")]
        case "country":
            return [(c.code, c.name, None) for c in tax.Country.objects.all()]
        case "language":
            return [(lang.code, lang.name, None) for lang in tax.Language.objects.all()]
        case "call":
            from calls.models import Call

            return [(c.slug, c.title, None) for c in Call.objects.public()]
    terms = {
        "principle": tax.Principle,
        "scope": tax.ScopeLevel,
        "implementer_type": tax.OrganisationType,
        "type": tax.PracticeType if model is Practice else tax.ResourceType,
    }
    return [(t.slug, t.name, None) for t in terms[name].objects.filter(is_active=True)]


FACET_TITLES = {
    "objective": _("GCM objectives"),
    "principle": _("Guiding principles"),
    "sdg": _("Sustainable Development Goals"),
    "region": _("Regions"),
    "country": _("Countries"),
    "scope": _("Geographic scope"),
    "type": _("Type"),
    "implementer_type": _("Type of implementer"),
    "language": _("Language"),
    "call": _("Call for practices"),
}


def build_facet(name: str, model: Any, counts: dict[str, int], chosen: list[str]) -> Facet:
    values = [
        FacetValue(key, label, counts.get(key, 0), key in chosen, row)
        for key, label, row in _options(name, model)
    ]
    if name in ONLY_USED:
        values = [v for v in values if v.count or v.selected]
        values.sort(key=lambda v: (not v.selected, -v.count, v.label))
        values = values[:MAX_SHOWN]
    return Facet(name=name, title=str(FACET_TITLES[name]), values=values)


VERSION_KEY = "repository:facets:version"
COUNTS_TTL = 600


def content_version() -> int:
    """A number that changes whenever published content changes (see ``bump_version``)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return int(version)


def bump_version() -> None:
    """Forget every cached facet count; services call it after each write."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached_counts(
    model: Any, name: str, others: Callable[[], QuerySet], params: QueryDict
) -> dict[str, int]:
    """``count_values`` cached per facet and per combination of the other parameters. Sort and
    page do not change counts, so paging through a list reuses them. ``others`` builds the
    queryset of the other filters only on a cache miss (building it may run a search)."""
    relevant = sorted(
        (k, sorted(params.getlist(k))) for k in params if k not in (name, "page", "sort")
    )
    key = f"repository:facets:{content_version()}:{model._meta.model_name}:{name}:{relevant!r}"
    key = "repository:facets:" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    counts = cache.get(key)
    if counts is None:
        counts = count_values(model, name, others())
        cache.set(key, counts, COUNTS_TTL)
    return counts


def without(params: QueryDict, name: str) -> QueryDict:
    data = params.copy()
    data.pop(name, None)
    data.pop("page", None)
    return data
