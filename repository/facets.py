"""The facets of the listings: their values, labels in the UI language and counts (computed by
the listing's facet index, :mod:`repository.listing`)."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from calls.models import Call
from taxonomy import models as tax
from taxonomy.selectors import per_vocabulary

from .models import Practice

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


Options = dict[str, list[tuple[str, str, Any]]]


def facet_options(model: Any, names: tuple[str, ...]) -> Options:
    """Every facet's values with labels in the active language, built once per vocabulary
    version and language (building them took 3 ms a listing); calls change more often and are
    read each time."""
    key = f"facet-options:{model._meta.label}:{','.join(names)}"
    found = per_vocabulary(key, lambda: {n: _options(n, model) for n in names if n != "call"})
    return {**found, **({"call": _options("call", model)} if "call" in names else {})}


def build_facet(
    name: str, counts: dict[str, int], chosen: list[str], options: list[tuple[str, str, Any]]
) -> Facet:
    values = [
        FacetValue(key, label, counts.get(key, 0), key in chosen, row)
        for key, label, row in options
    ]
    if name in ONLY_USED:
        values = [v for v in values if v.count or v.selected]
        values.sort(key=lambda v: (not v.selected, -v.count, v.label))
        values = values[:MAX_SHOWN]
    return Facet(name=name, title=str(FACET_TITLES[name]), values=values)
