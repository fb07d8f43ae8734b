"""Loading a vocabulary file into the database (idempotent: loading twice changes nothing).

The same code runs in two places: the ``load_vocabulary`` command (current models, any file) and
the data migration ``taxonomy.0002_load_reference_vocabularies`` (the migration's historical
models, the bundled file), so a database is a working Hub right after ``migrate``.
"""

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django_countries import countries
from django_countries_hdx import get_country_data
from modeltranslation.utils import build_localized_fieldname

from .selectors import CACHE_KEY as OBJECTIVE_CSS_KEY

FORMAT = "hub-vocabulary/1"
DEFAULT_FILE = Path(__file__).parent / "data" / "gcm.json"

# Vocabulary key in the file -> name of the model holding its terms (slug, name, sort order).
SIMPLE_TERMS: dict[str, str] = {
    "scope_levels": "ScopeLevel",
    "practice_types": "PracticeType",
    "organisation_types": "OrganisationType",
    "resource_types": "ResourceType",
    "themes": "Theme",
}
# Interface language -> column of django-countries-hdx holding the UN M49 name in it.
M49_NAMES = {
    "en": "M49 English",
    "fr": "M49 French",
    "es": "M49 Spanish",
    "ar": "M49 Arabic",
    "ru": "M49 Russian",
    "zh-hans": "M49 Chinese",
}
# Labels in further languages live beside the file, one overlay per language:
# data/i18n/<locale>/gcm.json has the file's structure, each label being the plain text.
OVERLAY_DIR = "i18n"
# Keys that name an item of a list: an overlay's item must carry the same value when it has one.
IDENTITY_KEYS = ("number", "slug", "code", "m49")
# The vocabularies a working Hub cannot do without (importing, submitting, seeding).
REQUIRED = ("Objective", "PracticeType", "ScopeLevel", "Language", "Country")
MISSING_HINT = (
    "The controlled vocabularies are not loaded. Run `python manage.py migrate` (it loads the "
    "bundled vocabularies), or `python manage.py load_vocabulary [FILE]` for your own file."
)


class VocabularyError(ValueError):
    """The vocabulary file does not follow the documented format."""


class VocabularyMissingError(RuntimeError):
    """The database has no vocabularies yet (``migrate`` was not run on it)."""


def _labels(value: Any, where: str) -> dict[str, str]:
    """Turn a {"en": ..., "fr": ...} map into modeltranslation column values."""
    if not isinstance(value, dict) or not value.get(settings.LANGUAGE_CODE):
        raise VocabularyError(f"{where}: a label needs at least an '{settings.LANGUAGE_CODE}' text")
    return {lang: str(value.get(lang) or "") for lang, _name in settings.LANGUAGES}


def _translated(field: str, value: Any, where: str) -> dict[str, str]:
    labels = _labels(value, where)
    columns = {
        build_localized_fieldname(field, lang): text for lang, text in labels.items() if text
    }
    columns[field] = labels[settings.LANGUAGE_CODE]
    return columns


def _upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> bool:
    """Create or update one row; True when something changed. Columns the model does not have
    (yet: a historical model in an early migration) are left out."""
    known = {f.name for f in model._meta.concrete_fields}
    values = {k: v for k, v in values.items() if k in known}
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


def _load_objectives(reg: Apps, data: list[dict]) -> int:
    model = reg.get_model("taxonomy", "Objective")
    changed = 0
    for item in data:
        where = f"objective {item.get('number')}"
        values = {
            **_translated("short_name", item["short_name"], where),
            **_translated("title", item["title"], where),
            "colour": item["colour"],
        }
        changed += _upsert(model, {"number": int(item["number"])}, values)
    return changed


def _load_principles(reg: Apps, data: list[dict]) -> int:
    model = reg.get_model("taxonomy", "Principle")
    changed = 0
    for order, item in enumerate(data):
        where = f"principle {item.get('slug')}"
        values = {
            **_translated("name", item["name"], where),
            **_translated("description", item.get("description") or item["name"], where),
            "sort_order": order,
        }
        changed += _upsert(model, {"slug": item["slug"]}, values)
    return changed


def _load_sdgs(reg: Apps, data: list[dict]) -> int:
    model = reg.get_model("taxonomy", "SDG")
    changed = 0
    for item in data:
        values = _translated("name", item["name"], f"SDG {item.get('number')}")
        changed += _upsert(model, {"number": int(item["number"])}, values)
    return changed


def _load_terms(reg: Apps, name: str, data: list[dict]) -> int:
    model = reg.get_model("taxonomy", name)
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


def _load_languages(reg: Apps, data: list[dict]) -> int:
    model = reg.get_model("taxonomy", "Language")
    changed = 0
    for order, item in enumerate(data):
        values: dict[str, Any] = {
            **_translated("name", item["name"], f"language {item.get('code')}"),
            "sort_order": order,
        }
        changed += _upsert(model, {"code": item["code"]}, values)
    return changed


def _load_regions(reg: Apps, data: list[dict]) -> int:
    model = reg.get_model("taxonomy", "Region")
    changed = 0
    # Parents first: regions, then sub-regions, then intermediate regions.
    order = {"region": 0, "subregion": 1, "intermediate": 2}
    for item in sorted(data, key=lambda i: order.get(i["level"], 9)):
        if item["level"] not in order:
            raise VocabularyError(f"region {item.get('m49')}: unknown level {item['level']!r}")
        parent = model.objects.get(m49=item["parent"]) if item.get("parent") else None
        values = {
            **_translated("name", item["name"], f"region {item.get('m49')}"),
            "level": item["level"],
            "parent": parent,
        }
        changed += _upsert(model, {"m49": int(item["m49"])}, values)
    return changed


def _load_countries(reg: Apps) -> int:
    """Countries from ISO 3166 (django-countries) placed in UN M49 (django-countries-hdx),
    named as the UN names them (M49), or as django-countries does where M49 has no name."""
    regions = {r.m49: r for r in reg.get_model("taxonomy", "Region").objects.all()}
    model = reg.get_model("taxonomy", "Country")
    changed = 0
    for country in countries:
        data = get_country_data(country.code) or {}
        names = {}
        for lang, _name in settings.LANGUAGES:
            with translation.override(lang):
                names[lang] = data.get(M49_NAMES.get(lang, "")) or str(countries.name(country.code))

        def region(column: str, data: dict[str, str] = data) -> Any:
            code = data.get(column)
            return regions.get(int(code)) if code else None

        values = {
            **_translated("name", names, f"country {country.code}"),
            "region": region("Region Code"),
            "subregion": region("Sub-region Code"),
            "intermediate_region": region("Intermediate Region Code"),
        }
        changed += _upsert(model, {"code": country.code}, values)
    return changed


def _steps(reg: Apps, data: dict[str, Any]) -> list[tuple[str, Callable[[], int]]]:
    steps: list[tuple[str, Callable[[], int]]] = [
        ("objectives", partial(_load_objectives, reg, data.get("objectives", []))),
        ("principles", partial(_load_principles, reg, data.get("principles", []))),
        ("sdgs", partial(_load_sdgs, reg, data.get("sdgs", []))),
        ("languages", partial(_load_languages, reg, data.get("languages", []))),
        ("regions", partial(_load_regions, reg, data.get("regions", []))),
    ]
    for key, name in SIMPLE_TERMS.items():
        steps.append((key, partial(_load_terms, reg, name, data.get(key, []))))
    if data.get("countries", "iso3166") == "iso3166":
        steps.append(("countries", partial(_load_countries, reg)))
    return steps


@transaction.atomic
def vocabulary_load(
    *,
    data: dict[str, Any],
    progress: Callable[[str], None] | None = None,
    registry: Apps | None = None,
) -> dict[str, int]:
    """Load a parsed vocabulary file. Returns how many rows changed per vocabulary.

    ``registry`` is the app registry whose models receive the rows: a migration passes its
    historical ``apps``; everything else uses the current models."""
    if data.get("format") != FORMAT:
        raise VocabularyError(f"unsupported format {data.get('format')!r}; expected {FORMAT!r}")
    counts: dict[str, int] = {}
    for key, step in _steps(registry or global_apps, data):
        try:
            counts[key] = step()
        except KeyError as exc:
            raise VocabularyError(f"{key}: missing field {exc}") from exc
        if progress:
            progress(key)
    cache.delete(OBJECTIVE_CSS_KEY)
    return counts


def _is_label(value: Any) -> bool:
    return isinstance(value, dict) and settings.LANGUAGE_CODE in value


def _same_item(base: Any, overlay: Any) -> bool:
    if not (isinstance(base, dict) and isinstance(overlay, dict)):
        return True
    return all(base[key] == overlay[key] for key in IDENTITY_KEYS if key in base and key in overlay)


def overlay_merge(base: Any, overlay: Any, lang: str) -> Any:
    """``base`` with the texts of one language's overlay added to its labels, path by path: a
    label ({"en": …}) takes the overlay's string at the same place as its ``lang`` text; lists
    pair their items in order (an item naming another slug, number or code is left alone);
    whatever the overlay lacks keeps the base's text, which the Hub then falls back from."""
    if _is_label(base):
        if isinstance(overlay, str) and overlay.strip():
            return {**base, lang: overlay.strip()}
        return base
    if isinstance(base, dict) and isinstance(overlay, dict):
        return {
            k: overlay_merge(v, overlay[k], lang) if k in overlay else v for k, v in base.items()
        }
    if isinstance(base, list) and isinstance(overlay, list):
        merged = [
            overlay_merge(b, o, lang) if _same_item(b, o) else b
            for b, o in zip(base, overlay, strict=False)
        ]
        return merged + base[len(overlay) :]
    return base


def with_overlays(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The vocabulary file's data with every language overlay found beside it merged in."""
    for lang, _name in settings.LANGUAGES:
        overlay_path = path.parent / OVERLAY_DIR / translation.to_locale(lang) / path.name
        if not overlay_path.exists():
            continue
        try:
            overlay = json.loads(overlay_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise VocabularyError(f"{overlay_path}: not valid JSON ({exc})") from exc
        data = overlay_merge(data, overlay, lang)
    return data


def vocabulary_load_file(
    *,
    path: Path = DEFAULT_FILE,
    progress: Callable[[str], None] | None = None,
    registry: Apps | None = None,
) -> dict[str, int]:
    with open(path, encoding="utf-8") as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError as exc:
            raise VocabularyError(f"{path}: not valid JSON ({exc})") from exc
    data = with_overlays(data, Path(path))
    return vocabulary_load(data=data, progress=progress, registry=registry)


def vocabularies_missing() -> list[str]:
    """The vocabularies a working Hub needs that hold no row (empty when all are loaded)."""
    return [
        name for name in REQUIRED if not global_apps.get_model("taxonomy", name).objects.exists()
    ]


def vocabularies_require() -> None:
    """Raise :class:`VocabularyMissingError` (saying what to run) when a needed vocabulary is empty."""
    if missing := vocabularies_missing():
        raise VocabularyMissingError(f"{MISSING_HINT} (empty: {', '.join(missing)})")
