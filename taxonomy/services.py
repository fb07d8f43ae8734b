"""Loading a vocabulary file into the database (idempotent: loading twice changes nothing)."""

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from . import models
from .selectors import CACHE_KEY as OBJECTIVE_CSS_KEY

FORMAT = "hub-vocabulary/1"
DEFAULT_FILE = Path(__file__).parent / "data" / "gcm.json"

# Vocabulary key in the file -> (model, natural key field, fields whose values are label maps).
SIMPLE_TERMS: dict[str, type[models.Term]] = {
    "scope_levels": models.ScopeLevel,
    "practice_types": models.PracticeType,
    "organisation_types": models.OrganisationType,
    "resource_types": models.ResourceType,
    "themes": models.Theme,
}


class VocabularyError(ValueError):
    """The vocabulary file does not follow the documented format."""


def _labels(value: Any, where: str) -> dict[str, str]:
    """Turn a {"en": ..., "fr": ...} map into modeltranslation column values."""
    if not isinstance(value, dict) or not value.get(settings.LANGUAGE_CODE):
        raise VocabularyError(f"{where}: a label needs at least an '{settings.LANGUAGE_CODE}' text")
    return {lang: str(value.get(lang) or "") for lang, _name in settings.LANGUAGES}


def _translated(field: str, value: Any, where: str) -> dict[str, str]:
    labels = _labels(value, where)
    columns = {f"{field}_{lang}": text for lang, text in labels.items() if text}
    columns[field] = labels[settings.LANGUAGE_CODE]
    return columns


def _upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> bool:
    """Create or update one row; True when something changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        model.objects.create(**lookup, **values)
        return True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.save(update_fields=changed)
    return bool(changed)


def _load_objectives(data: list[dict]) -> int:
    changed = 0
    for item in data:
        where = f"objective {item.get('number')}"
        values = {
            **_translated("short_name", item["short_name"], where),
            **_translated("title", item["title"], where),
            "colour": item["colour"],
        }
        changed += _upsert(models.Objective, {"number": int(item["number"])}, values)
    return changed


def _load_principles(data: list[dict]) -> int:
    changed = 0
    for order, item in enumerate(data):
        where = f"principle {item.get('slug')}"
        values = {
            **_translated("name", item["name"], where),
            **_translated("description", item.get("description") or item["name"], where),
            "sort_order": order,
        }
        changed += _upsert(models.Principle, {"slug": item["slug"]}, values)
    return changed


def _load_sdgs(data: list[dict]) -> int:
    changed = 0
    for item in data:
        values = _translated("name", item["name"], f"SDG {item.get('number')}")
        changed += _upsert(models.SDG, {"number": int(item["number"])}, values)
    return changed


def _load_terms(model: type[models.Term], data: list[dict]) -> int:
    changed = 0
    for order, item in enumerate(data):
        values: dict[str, Any] = {
            **_translated("name", item["name"], f"{model.__name__} {item.get('slug')}"),
            "sort_order": order,
        }
        if "rank" in item:
            values["rank"] = int(item["rank"])
        changed += _upsert(model, {"slug": item["slug"]}, values)
    return changed


def _load_languages(data: list[dict]) -> int:
    changed = 0
    for order, item in enumerate(data):
        values: dict[str, Any] = {
            **_translated("name", item["name"], f"language {item.get('code')}"),
            "sort_order": order,
        }
        changed += _upsert(models.Language, {"code": item["code"]}, values)
    return changed


def _load_regions(data: list[dict]) -> int:
    changed = 0
    # Parents first: regions, then sub-regions, then intermediate regions.
    order = {"region": 0, "subregion": 1, "intermediate": 2}
    for item in sorted(data, key=lambda i: order.get(i["level"], 9)):
        if item["level"] not in order:
            raise VocabularyError(f"region {item.get('m49')}: unknown level {item['level']!r}")
        parent = models.Region.objects.get(m49=item["parent"]) if item.get("parent") else None
        values = {
            **_translated("name", item["name"], f"region {item.get('m49')}"),
            "level": item["level"],
            "parent": parent,
        }
        changed += _upsert(models.Region, {"m49": int(item["m49"])}, values)
    return changed


def _load_countries() -> int:
    """Countries from ISO 3166 (django-countries) placed in UN M49 (django-countries-hdx)."""
    from django_countries import countries
    from django_countries_hdx import get_country_data

    regions = {r.m49: r for r in models.Region.objects.all()}
    changed = 0
    for country in countries:
        data = get_country_data(country.code) or {}
        names = {}
        for lang, _name in settings.LANGUAGES:
            with translation.override(lang):
                names[lang] = str(countries.name(country.code))

        def region(column: str, data: dict[str, str] = data) -> models.Region | None:
            code = data.get(column)
            return regions.get(int(code)) if code else None

        values = {
            **_translated("name", names, f"country {country.code}"),
            "region": region("Region Code"),
            "subregion": region("Sub-region Code"),
            "intermediate_region": region("Intermediate Region Code"),
        }
        changed += _upsert(models.Country, {"code": country.code}, values)
    return changed


@transaction.atomic
def vocabulary_load(
    *, data: dict[str, Any], progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Load a parsed vocabulary file. Returns how many rows changed per vocabulary."""
    if data.get("format") != FORMAT:
        raise VocabularyError(f"unsupported format {data.get('format')!r}; expected {FORMAT!r}")
    steps: list[tuple[str, Callable[[], int]]] = [
        ("objectives", lambda: _load_objectives(data.get("objectives", []))),
        ("principles", lambda: _load_principles(data.get("principles", []))),
        ("sdgs", lambda: _load_sdgs(data.get("sdgs", []))),
        ("languages", lambda: _load_languages(data.get("languages", []))),
        ("regions", lambda: _load_regions(data.get("regions", []))),
    ]
    for key, model in SIMPLE_TERMS.items():
        steps.append((key, partial(_load_terms, model, data.get(key, []))))
    if data.get("countries", "iso3166") == "iso3166":
        steps.append(("countries", _load_countries))
    counts: dict[str, int] = {}
    for key, step in steps:
        try:
            counts[key] = step()
        except KeyError as exc:
            raise VocabularyError(f"{key}: missing field {exc}") from exc
        if progress:
            progress(key)
    cache.delete(OBJECTIVE_CSS_KEY)
    return counts


def vocabulary_load_file(
    *, path: Path = DEFAULT_FILE, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    with open(path, encoding="utf-8") as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError as exc:
            raise VocabularyError(f"{path}: not valid JSON ({exc})") from exc
    return vocabulary_load(data=data, progress=progress)
