"""The import format of experts (``manage.py import_experts FILE.jsonl``, DESIGN.md): one JSON
object per line, validated whole before anything is written."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from taxonomy import models as tax

from .choices import IMPORT_ORG_TYPES, Availability
from .forms import ORCID

REQUIRED = (
    "name", "email", "organisation", "org_type", "country", "languages", "objectives", "bio",
    "bio_language", "expertise",
)  # fmt: skip


@dataclass
class ExpertVocab:
    countries: dict[str, Any]
    languages: dict[str, Any]
    objectives: dict[int, Any]
    principles: dict[str, Any]
    regions: dict[int, Any]
    org_types: dict[str, Any]

    @classmethod
    def load(cls) -> "ExpertVocab":
        return cls(
            countries={c.code: c for c in tax.Country.objects.all()},
            languages={lang.code: lang for lang in tax.Language.objects.all()},
            objectives={o.number: o for o in tax.Objective.objects.all()},
            principles={p.slug: p for p in tax.Principle.objects.all()},
            regions={r.m49: r for r in tax.Region.objects.all()},
            org_types={t.slug: t for t in tax.OrganisationType.objects.all()},
        )


@dataclass
class ExpertRecord:
    email: str
    fields: dict[str, Any]
    relations: dict[str, list[Any]] = field(default_factory=dict)


def _codes(value: Any, known: dict, name: str, problems: list, cast: Any = str) -> list[Any]:
    if not isinstance(value, list):
        problems.append((name, "must be a list"))
        return []
    found = []
    for item in value:
        try:
            key = cast(item)
        except (TypeError, ValueError):
            key = item
        if key not in known:
            problems.append((name, f"unknown value {item!r}"))
        else:
            found.append(known[key])
    return found


def _text(data: dict, name: str, problems: list, limit: int) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        problems.append((name, "must be text"))
        return ""
    if len(value) > limit:
        problems.append((name, f"longer than {limit} characters"))
    return value.strip()


def validate_expert(
    data: Any, vocab: ExpertVocab
) -> tuple[ExpertRecord | None, list[tuple[str, str]]]:
    """A record and no problems, or None and the problems (field, message) of one line."""
    if not isinstance(data, dict):
        return None, [("line", "must be a JSON object")]
    problems: list[tuple[str, str]] = []
    for name in REQUIRED:
        if data.get(name) in (None, "", []):
            problems.append((name, "required"))
    email = _text(data, "email", problems, 254).lower()
    try:
        validate_email(email)
    except ValidationError:
        problems.append(("email", "not an e-mail address"))
    org_type = IMPORT_ORG_TYPES.get(str(data.get("org_type", "")))
    if data.get("org_type") and (org_type is None or org_type not in vocab.org_types):
        problems.append(("org_type", f"unknown value {data.get('org_type')!r}"))
    country = vocab.countries.get(str(data.get("country", "")).upper())
    if data.get("country") and country is None:
        problems.append(("country", f"unknown value {data.get('country')!r}"))
    bio_language = vocab.languages.get(str(data.get("bio_language", "")))
    if data.get("bio_language") and bio_language is None:
        problems.append(("bio_language", f"unknown value {data.get('bio_language')!r}"))
    orcid = _text(data, "orcid", problems, 40)
    if orcid and not ORCID.match(orcid.removeprefix("https://orcid.org/")):
        problems.append(("orcid", "not an ORCID iD"))
    links = data.get("links", [])
    if isinstance(links, str):
        links = [links]
    url = URLValidator(schemes=["http", "https"])
    for link in links if isinstance(links, list) else []:
        try:
            url(str(link))
        except ValidationError:
            problems.append(("links", f"not a web address: {link!r}"))
    availability = data.get("availability", [])
    if not isinstance(availability, list) or not set(availability) <= set(Availability.values):
        problems.append(("availability", f"values must be among {', '.join(Availability.values)}"))
    relations = {
        "languages": _codes(data.get("languages", []), vocab.languages, "languages", problems),
        "objectives": _codes(
            data.get("objectives", []), vocab.objectives, "objectives", problems, int
        ),
        "principles": _codes(data.get("principles", []), vocab.principles, "principles", problems),
        "regions": _codes(data.get("regions", []), vocab.regions, "regions", problems, int),
    }
    fields = {
        "name": _text(data, "name", problems, 150),
        "organisation": _text(data, "organisation", problems, 200),
        "organisation_type": vocab.org_types.get(org_type or ""),
        "country": country,
        "bio": _text(data, "bio", problems, 10000),
        "bio_language": bio_language,
        "expertise": _text(data, "expertise", problems, 400),
        "orcid": orcid.removeprefix("https://orcid.org/"),
        "links": "\n".join(str(link) for link in links) if isinstance(links, list) else "",
        "availability": availability if isinstance(availability, list) else [],
    }
    if problems:
        return None, problems
    return ExpertRecord(email=email, fields=fields, relations=relations), []


def read_experts(path: Path, vocab: ExpertVocab) -> tuple[list[ExpertRecord], list[str]]:
    records: list[ExpertRecord] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {number}: invalid JSON ({exc.msg})")
                continue
            record, problems = validate_expert(data, vocab)
            errors += [f"line {number}: {name}: {message}" for name, message in problems]
            if record is None:
                continue
            if record.email in seen:
                errors.append(f"line {number}: email: same address as line {seen[record.email]}")
                continue
            seen[record.email] = number
            records.append(record)
    return records, errors
