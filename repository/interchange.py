"""The practice exchange format (JSON Lines) of DESIGN.md: validation and serialisation.

One JSON object per line. Required keys: title, summary, language, objectives, type, scope,
countries, start_year, end_year, implementer. Optional: description, secondary_objectives,
principles, sdgs, regions, partners, url, published_at, and every other free text of a
practice the field definitions mark ``exported`` (``TEXT_FIELDS``), plus slug,
implementer_type, call, featured, licence, links.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from calls.models import Call
from submissions.fields import get_content_type
from submissions.schema import arrange
from taxonomy import models as tax
from taxonomy.licences import DEFAULT_LICENCE, LICENCES

REQUIRED = (
    "title",
    "summary",
    "language",
    "objectives",
    "type",
    "scope",
    "countries",
    "start_year",
    "end_year",
    "implementer",
)
# The free texts read and written with checks of their own (required, with a length limit).
CHECKED_TEXTS = ("title", "summary", "implementer")


def text_fields() -> tuple[str, ...]:
    """The free texts a line carries as they are: every exported text of the practice fields
    (partners has always come second in the file), then the practice's web site."""
    texts = get_content_type("practice").exported_texts()
    return (
        *arrange([t for t in texts if t not in CHECKED_TEXTS], ("description", "partners")),
        "url",
    )


TEXT_FIELDS = text_fields()
MAX_TITLE = 250


@dataclass
class Vocab:
    """Every vocabulary row a record may name, loaded once per import."""

    objectives: dict[int, Any] = field(default_factory=dict)
    principles: dict[str, Any] = field(default_factory=dict)
    sdgs: dict[int, Any] = field(default_factory=dict)
    countries: dict[str, Any] = field(default_factory=dict)
    regions: dict[int, Any] = field(default_factory=dict)
    scopes: dict[str, Any] = field(default_factory=dict)
    types: dict[str, Any] = field(default_factory=dict)
    org_types: dict[str, Any] = field(default_factory=dict)
    languages: dict[str, Any] = field(default_factory=dict)
    calls: dict[str, Any] = field(default_factory=dict)
    resource_types: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Vocab":
        return cls(
            objectives={o.number: o for o in tax.Objective.objects.all()},
            principles={p.slug: p for p in tax.Principle.objects.all()},
            sdgs={s.number: s for s in tax.SDG.objects.all()},
            countries={c.code: c for c in tax.Country.objects.all()},
            regions={r.m49: r for r in tax.Region.objects.all()},
            scopes={s.slug: s for s in tax.ScopeLevel.objects.all()},
            types={t.slug: t for t in tax.PracticeType.objects.all()},
            org_types={t.slug: t for t in tax.OrganisationType.objects.all()},
            languages={lang.code: lang for lang in tax.Language.objects.all()},
            calls={c.slug: c for c in Call.objects.all()},
            resource_types={t.slug: t for t in tax.ResourceType.objects.all()},
        )


@dataclass
class PracticeRecord:
    """A validated line, with vocabulary rows resolved."""

    slug: str
    values: dict[str, Any]
    objectives: list[Any]
    secondary_objectives: list[Any]
    principles: list[Any]
    sdgs: list[Any]
    countries: list[Any]
    regions: list[Any]


@dataclass
class ResourceRecord:
    """A validated knowledge resource: same tags as a practice, no SDGs."""

    slug: str
    values: dict[str, Any]
    objectives: list[Any]
    secondary_objectives: list[Any]
    principles: list[Any]
    countries: list[Any]
    regions: list[Any]
    other_languages: list[Any]


def slug_for(title: str) -> str:
    """A URL slug derived from the title; titles in non-Latin scripts get a stable hash."""
    slug = slugify(title)[:100].strip("-")
    if not slug:
        slug = "practice-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:10]
    return slug


class _Checker:
    """Collects (field, message) pairs while reading one record."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.errors: list[tuple[str, str]] = []

    def fail(self, name: str, message: str) -> None:
        self.errors.append((name, message))

    def text(self, name: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, _("this field is required"))
            return ""
        if not isinstance(value, str):
            self.fail(name, _("must be a string"))
            return ""
        if max_length and len(value) > max_length:
            self.fail(name, _("longer than %(max)s characters") % {"max": max_length})
        return value.strip()

    def year(self, name: str, *, nullable: bool) -> int | None:
        value = self.data.get(name)
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
            self.fail(name, _("must be a year between 1900 and 2100"))
            return None
        return value

    def pick(self, name: str, table: dict, *, required: bool = True) -> Any:
        value = self.data.get(name)
        if value in (None, "") and not required:
            return None
        if value not in table:
            self.fail(name, _("unknown value %(value)r") % {"value": value})
            return None
        return table[value]

    def many(self, name: str, table: dict, *, required: bool = False) -> list[Any]:
        values = self.data.get(name, [])
        if values is None:
            values = []
        if not isinstance(values, list):
            self.fail(name, _("must be a list"))
            return []
        if required and not values:
            self.fail(name, _("needs at least one value"))
        unknown = [v for v in values if isinstance(v, bool) or v not in table]
        if unknown:
            self.fail(name, _("unknown values: %(values)s") % {"values": unknown})
        return [table[v] for v in dict.fromkeys(values) if v in table and not isinstance(v, bool)]


def _is_web_url(value: Any) -> bool:
    return (
        isinstance(value, str) and value.startswith(("http://", "https://")) and len(value) <= 500
    )


def _published_at(check: _Checker) -> datetime | None:
    raw = check.data.get("published_at")
    if raw in (None, ""):
        return None
    parsed = parse_datetime(raw) if isinstance(raw, str) else None
    if parsed is None:
        check.fail("published_at", _("must be an ISO 8601 date and time"))
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)


def _values(check: _Checker, vocab: Vocab) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": check.text("title", required=True, max_length=MAX_TITLE),
        "summary": check.text("summary", required=True),
        "implementer": check.text("implementer", required=True, max_length=200),
        "language": check.pick("language", vocab.languages),
        "practice_type": check.pick("type", vocab.types),
        "scope": check.pick("scope", vocab.scopes),
        "implementer_type": check.pick("implementer_type", vocab.org_types, required=False),
        "call": check.pick("call", vocab.calls, required=False),
        "start_year": check.year("start_year", nullable=False),
        "end_year": check.year("end_year", nullable=True),
        "published_at": _published_at(check),
        "featured": bool(check.data.get("featured", False)),
    }
    for name in TEXT_FIELDS:
        values[name] = check.text(name)
    values["licence"] = check.data.get("licence") or DEFAULT_LICENCE
    if values["licence"] not in LICENCES:
        check.fail("licence", _("unknown value %(value)r") % {"value": values["licence"]})
    links = check.data.get("links") or []
    if not isinstance(links, list) or not all(_is_web_url(x) for x in links):
        check.fail("links", _("must be a list of http(s) URLs"))
        links = []
    values["links"] = links
    if values["url"] and not _is_web_url(values["url"]):
        check.fail("url", _("must be an http(s) URL"))
    start, end = values["start_year"], values["end_year"]
    if start and end and end < start:
        check.fail("end_year", _("is before start_year"))
    return values


def validate_record(data: Any, vocab: Vocab) -> tuple[PracticeRecord | None, list[tuple[str, str]]]:
    """Check one decoded line. Returns the record, or None and the errors by field name."""
    if not isinstance(data, dict):
        return None, [("line", _("must be a JSON object"))]
    check = _Checker(data)
    missing = [name for name in REQUIRED if name not in data]
    for name in missing:
        check.fail(name, _("this field is required"))
    values = _values(check, vocab)
    objectives = check.many("objectives", vocab.objectives, required=True)
    record = PracticeRecord(
        slug=check.text("slug", max_length=100) or slug_for(values["title"] or ""),
        values=values,
        objectives=objectives,
        secondary_objectives=[
            o for o in check.many("secondary_objectives", vocab.objectives) if o not in objectives
        ],
        principles=check.many("principles", vocab.principles),
        sdgs=check.many("sdgs", vocab.sdgs),
        countries=check.many("countries", vocab.countries),
        regions=check.many("regions", vocab.regions),
    )
    return (None, check.errors) if check.errors else (record, [])


def practice_to_record(practice: Any) -> dict[str, Any]:
    """One practice in the exchange format (expects the relations prefetched)."""
    record: dict[str, Any] = {
        "slug": practice.slug,
        "title": practice.title,
        "summary": practice.summary,
        "language": practice.language.code,
        "objectives": [o.number for o in practice.primary_objectives],
        "secondary_objectives": [o.number for o in practice.secondary_objectives],
        "type": practice.practice_type.slug,
        "scope": practice.scope.slug if practice.scope else None,
        "countries": sorted(c.code for c in practice.countries.all()),
        "regions": sorted(r.m49 for r in practice.regions.all()),
        "principles": [p.slug for p in practice.principles.all()],
        "sdgs": sorted(s.number for s in practice.sdgs.all()),
        "start_year": practice.start_year,
        "end_year": practice.end_year,
        "implementer": practice.implementer,
        "implementer_type": practice.implementer_type.slug if practice.implementer_type else None,
        "call": practice.call.slug if practice.call else None,
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
        "featured": practice.featured,
        "licence": practice.licence,
        "links": list(practice.links or []),
    }
    for name in TEXT_FIELDS:
        record[name] = getattr(practice, name)
    return record


def validate_resource(data: Any, vocab: Vocab) -> tuple[ResourceRecord | None, list]:
    """Check one resource line: title, abstract, language, type, publisher, year, objectives."""
    if not isinstance(data, dict):
        return None, [("line", _("must be a JSON object"))]
    check = _Checker(data)
    values = _resource_values(check, vocab)
    if values["url"] and not _is_web_url(values["url"]):
        check.fail("url", _("must be an http(s) URL"))
    objectives = check.many("objectives", vocab.objectives, required=True)
    record = ResourceRecord(
        slug=check.text("slug", max_length=100) or slug_for(values["title"] or ""),
        values=values,
        objectives=objectives,
        secondary_objectives=[
            o for o in check.many("secondary_objectives", vocab.objectives) if o not in objectives
        ],
        principles=check.many("principles", vocab.principles),
        countries=check.many("countries", vocab.countries),
        regions=check.many("regions", vocab.regions),
        other_languages=check.many("other_languages", vocab.languages),
    )
    return (None, check.errors) if check.errors else (record, [])


def _resource_values(check: _Checker, vocab: Vocab) -> dict[str, Any]:
    authors = check.data.get("authors") or []
    return {
        "title": check.text("title", required=True, max_length=MAX_TITLE),
        "abstract": check.text("abstract", required=True),
        "publisher": check.text("publisher", required=True, max_length=200),
        "authors": "\n".join(authors) if isinstance(authors, list) else str(authors),
        "url": check.text("url", max_length=500),
        "language": check.pick("language", vocab.languages),
        "resource_type": check.pick("type", vocab.resource_types),
        "scope": check.pick("scope", vocab.scopes, required=False),
        "year": check.year("year", nullable=True),
        "published_at": _published_at(check),
        "featured": bool(check.data.get("featured", False)),
    }


def read_jsonl(
    path: Path, vocab: Vocab, validate: Callable, slug_from: str = "title"
) -> tuple[list[Any], list[str]]:
    """Validated records and error lines ("line 3: objectives: ...") of a whole file; a second
    record with the same slug is reported under ``slug_from``, the field the slug comes from."""
    records: list[Any] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data: Any = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {number}: invalid JSON ({exc.msg})")
                continue
            record, problems = validate(data, vocab)
            errors += [f"line {number}: {name}: {message}" for name, message in problems]
            if record is None:
                continue
            if record.slug in seen:
                errors.append(f"line {number}: {slug_from}: same slug as line {seen[record.slug]}")
                continue
            seen[record.slug] = number
            records.append(record)
    return records, errors


def validate_item(
    kind: str, data: Any, vocab: Vocab | None = None
) -> tuple[PracticeRecord | ResourceRecord | None, list[tuple[str, str]]]:
    """Check one practice or resource (``kind``) in the exchange format, as an import would."""
    validate: Callable = validate_resource if kind == "resource" else validate_record
    return validate(data, vocab or Vocab.load())
