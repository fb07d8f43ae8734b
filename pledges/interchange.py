"""The pledge exchange format (JSON Lines), read by ``import_pledges``: docs/pledges.md.

One JSON object per line. Required keys: title, description, entity, entity_type, objectives,
status. Optional: slug, countries, pledged_on, url, the other languages' title_<lang> and
description_<lang>, practices (slugs), focal_points (e-mail addresses of accounts), updates
(``{"date", "text", "language"}``).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.text import slugify

from repository.interchange import read_jsonl as repository_read_jsonl
from repository.models import Practice
from taxonomy.models import Country, Objective

from .choices import EntityType, PledgeStatus
from .models import RESERVED_SLUGS

REQUIRED = ("title", "description", "entity", "entity_type", "objectives", "status")
OTHER_LANGUAGES = ("fr", "es", "ar", "ru", "zh_hans")
TRANSLATED = tuple(
    f"{name}_{lang}" for name in ("title", "description") for lang in OTHER_LANGUAGES
)
OPTIONAL = ("slug", "countries", "pledged_on", "url", "practices", "focal_points", "updates")
KNOWN = frozenset((*REQUIRED, *OPTIONAL, *TRANSLATED))
MAX_TITLE = 250


@dataclass
class Vocab:
    """Every row a line may name, loaded once per import."""

    objectives: dict[int, Any]
    countries: dict[str, Any]
    practices: dict[str, Any]
    people: dict[str, Any]
    languages: frozenset[str] = frozenset()

    @classmethod
    def load(cls) -> "Vocab":
        people = get_user_model().objects.filter(is_active=True)
        return cls(
            objectives={o.number: o for o in Objective.objects.all()},
            countries={c.code: c for c in Country.objects.all()},
            practices={p.slug: p for p in Practice.objects.published().only("pk", "slug")},
            people={u.email.lower(): u for u in people.only("pk", "email")},
            languages=frozenset(code.split("-")[0] for code, _name in settings.LANGUAGES),
        )


@dataclass
class PledgeRecord:
    slug: str
    status: str
    fields: dict[str, Any]
    objectives: list[Any]
    countries: list[Any] = field(default_factory=list)
    practices: list[Any] = field(default_factory=list)
    focal_points: list[Any] = field(default_factory=list)
    updates: list[tuple[datetime, str, str]] = field(default_factory=list)


class Problems(list):
    def add(self, name: str, message: str) -> None:
        self.append((name, message))


def _text(data: dict, name: str, problems: Problems, *, required: bool, limit: int = 0) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.add(name, "must be a string")
        return ""
    if required and not value.strip():
        problems.add(name, "is required")
    if limit and len(value) > limit:
        problems.add(name, f"is longer than {limit} characters")
    return value.strip()


def _codes(data: dict, name: str, known: dict, problems: Problems, *, lower: bool = False) -> list:
    values = data.get(name) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        problems.add(name, "must be a list of strings")
        return []
    found = []
    for value in values:
        row = known.get(value.lower() if lower else value)
        if row is None:
            problems.add(name, f"unknown value {value!r}")
        else:
            found.append(row)
    return found


def _objectives(data: dict, vocab: Vocab, problems: Problems) -> list:
    values = data.get("objectives")
    if not isinstance(values, list) or not values:
        problems.add("objectives", "must be a non-empty list of integers 1-23")
        return []
    if not all(
        isinstance(v, int) and not isinstance(v, bool) and v in vocab.objectives for v in values
    ):
        problems.add("objectives", "must be a non-empty list of integers 1-23")
        return []
    return [vocab.objectives[v] for v in dict.fromkeys(values)]


def _instant(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _updates(data: dict, vocab: Vocab, problems: Problems) -> list[tuple[datetime, str, str]]:
    values = data.get("updates") or []
    if not isinstance(values, list):
        problems.add("updates", "must be a list of objects")
        return []
    found = []
    for number, item in enumerate(values, start=1):
        where = f"updates[{number}]"
        if not isinstance(item, dict):
            problems.add(where, "must be an object with date, text and language")
            continue
        day = parse_date(str(item.get("date", ""))) if item.get("date") else None
        text, language = item.get("text"), item.get("language")
        if day is None:
            problems.add(f"{where}.date", "must be a date YYYY-MM-DD")
        if not isinstance(text, str) or not text.strip():
            problems.add(f"{where}.text", "is required")
        if language not in vocab.languages:
            problems.add(
                f"{where}.language", "must be one of " + ", ".join(sorted(vocab.languages))
            )
        if (
            day is not None
            and isinstance(text, str)
            and text.strip()
            and language in vocab.languages
        ):
            found.append((_instant(day), text.strip(), str(language)))
    return found


def _choice(data: dict, name: str, choices: Any, problems: Problems) -> str:
    value = data.get(name)
    if value not in choices.values:
        problems.add(name, "must be one of " + ", ".join(choices.values))
        return ""
    return str(value)


def _others(data: dict, problems: Problems) -> dict[str, Any]:
    """The optional texts: other languages, the web page, the day of the pledge."""
    fields: dict[str, Any] = {n: _text(data, n, problems, required=False) for n in TRANSLATED}
    fields["url"] = _text(data, "url", problems, required=False, limit=200)
    if fields["url"]:
        try:
            URLValidator(schemes=["http", "https"])(fields["url"])
        except ValidationError:
            problems.add("url", "must be an http(s) address")
    day = data.get("pledged_on")
    fields["pledged_on"] = parse_date(day) if isinstance(day, str) else None
    if day and fields["pledged_on"] is None:
        problems.add("pledged_on", "must be a date YYYY-MM-DD")
    return fields


def validate_record(data: Any, vocab: Vocab) -> tuple[PledgeRecord | None, list[tuple[str, str]]]:
    """Check one line; returns the record (None when it has problems) and its problems."""
    problems = Problems()
    if not isinstance(data, dict):
        return None, [("line", "must be a JSON object")]
    for name in sorted(set(data) - KNOWN):
        problems.add(name, "unknown key")
    title = _text(data, "title", problems, required=True, limit=MAX_TITLE)
    fields = {
        "title": title,
        "description": _text(data, "description", problems, required=True),
        "entity": _text(data, "entity", problems, required=True, limit=200),
        "entity_type": _choice(data, "entity_type", EntityType, problems),
        **_others(data, problems),
    }
    status = _choice(data, "status", PledgeStatus, problems)
    countries = _codes(data, "countries", vocab.countries, problems)
    if fields["entity_type"] == EntityType.STATE and not countries and not data.get("countries"):
        problems.add("countries", "a State's pledge names its country")
    slug = data.get("slug") or slugify(title)[:120]
    if not isinstance(slug, str) or slugify(slug) != slug or not slug or slug in RESERVED_SLUGS:
        problems.add("slug", "must be letters, digits and hyphens, and not a reserved word")
    record = PledgeRecord(
        slug=str(slug),
        status=status,
        fields=fields,
        objectives=_objectives(data, vocab, problems),
        countries=countries,
        practices=_codes(data, "practices", vocab.practices, problems),
        focal_points=_codes(data, "focal_points", vocab.people, problems, lower=True),
        updates=_updates(data, vocab, problems),
    )
    return (None if problems else record), list(problems)


def read_jsonl(path: Path, vocab: Vocab) -> tuple[list[PledgeRecord], list[str]]:
    """Validated records and error lines ("line 3: objectives: ...") of a whole file (the
    practices' reader, with this format's validation)."""
    return repository_read_jsonl(path, vocab, validate_record, slug_from="slug")  # type: ignore[arg-type]
