"""Options of the vocabulary-backed fields, as (key, label) pairs in the active language.

Keys are what draft data stores: objective and SDG numbers as strings, slugs, ISO codes, M49
codes as strings.
"""

from collections.abc import Mapping

from django.utils.functional import Promise

from core.collation import sorted_by_name
from taxonomy import models as tax
from taxonomy.licences import LICENCES

from .fields import COMPLETION, Vocabulary

Option = tuple[str, str]


def options(vocabulary: Vocabulary) -> list[Option]:
    """Every option of a vocabulary, in display order, labelled in the active language."""
    match vocabulary:
        case Vocabulary.OBJECTIVES:
            return [(str(o.number), str(o)) for o in tax.Objective.objects.all()]
        case Vocabulary.SDGS:
            return [(str(s.number), str(s)) for s in tax.SDG.objects.all()]
        case Vocabulary.PRINCIPLES:
            return _terms(tax.Principle)
        case Vocabulary.SCOPE_LEVELS:
            return _terms(tax.ScopeLevel)
        case Vocabulary.PRACTICE_TYPES:
            return _terms(tax.PracticeType)
        case Vocabulary.ORGANISATION_TYPES:
            return _terms(tax.OrganisationType)
        case Vocabulary.RESOURCE_TYPES:
            return _terms(tax.ResourceType)
        case Vocabulary.COUNTRIES:
            return sorted_by_name(tax.Country.objects.values_list("code", "name"))
        case Vocabulary.REGIONS:
            rank = {"region": 0, "subregion": 1, "intermediate": 2}
            regions = sorted(tax.Region.objects.all(), key=lambda r: (rank[r.level], r.m49))
            return [(str(r.m49), r.name) for r in regions]
        case Vocabulary.LANGUAGES:
            return [(lang.code, lang.name) for lang in tax.Language.objects.all()]
        case Vocabulary.LICENCES:
            return _fixed(LICENCES)
        case Vocabulary.COMPLETION:
            return _fixed(COMPLETION)
    raise ValueError(vocabulary)


def label_map(vocabulary: Vocabulary) -> dict[str, str]:
    return dict(options(vocabulary))


def _terms(model) -> list[Option]:
    return [(t.slug, t.name) for t in model.objects.filter(is_active=True)]


def _fixed(mapping: Mapping[str, str | Promise]) -> list[Option]:
    return [(key, str(label)) for key, label in mapping.items()]
