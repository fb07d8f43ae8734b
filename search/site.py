"""One search over everything the Hub indexes: practices, resources, calls (and any app that
declares a contribution later: experts, discussions, events).

Each content type is matched once (:func:`search.selectors.match`), with its own relevance
floor; the lists are merged by score (cosine plus the bounded lexical boost: one encoder, so
cosines compare across types). No floor across types: a one-word query is expanded with each
type's own lexical hits, so its scores are higher in the type that holds the word, and a
floor relative to that type's best dropped relevant items of the others. Only the page shown is
read from the database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.text import Truncator
from django.utils.translation import get_language_info

from .registry import Contribution, contributions, for_key
from .selectors import match

PAGE_SIZE = 20
MAX_QUERY = 300  # characters: longer text is cut, not refused
SNIPPET_WORDS = 40


@dataclass(frozen=True)
class SiteHit:
    key: str  # the contribution's key: practices, resources, calls...
    pk: int
    score: float


@dataclass(frozen=True)
class TypeCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class SiteResult:
    type_label: str
    title: str
    snippet: str
    language_code: str
    language_name: str
    url: str


def clean_query(raw: str | None) -> str:
    """The query as searched: no control characters, collapsed spaces, at most MAX_QUERY."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    return " ".join(text.split())[:MAX_QUERY]


def site_hits(query: str, *, language: str | None = None) -> list[SiteHit]:
    """Every type's matches for ``query``, best first."""
    return site_matches(query, language=language)[0]


def site_matches(query: str, *, language: str | None = None) -> tuple[list[SiteHit], bool]:
    """Every type's matches for ``query``, best first, and whether they were found by their
    words only (the encoder could not run)."""
    hits: list[SiteHit] = []
    lexical_only = False
    for contribution in contributions():
        found = match(query, model=contribution.model, language=language)
        lexical_only = lexical_only or found.lexical_only
        hits += [SiteHit(contribution.key, pk, score) for pk, score in found.scored()]
    return sorted(hits, key=lambda hit: (-hit.score, hit.key, hit.pk)), lexical_only


def type_counts(hits: list[SiteHit]) -> list[TypeCount]:
    """Each searchable type, in registry order, with how many hits it has."""
    counts = Counter(hit.key for hit in hits)
    return [
        TypeCount(c.key, str(c.model._meta.verbose_name_plural), counts[c.key])
        for c in contributions()
    ]


def known_type(key: str | None) -> str:
    """``key`` when it names a searchable type, else "" (all types)."""
    return key if key and any(c.key == key for c in contributions()) else ""


def results_page(hits: list[SiteHit], number: Any) -> tuple[Page, list[SiteResult]]:
    """The page ``number`` of ``hits`` and its results, read type by type."""
    page = Paginator(hits, PAGE_SIZE).get_page(number)
    by_key: dict[str, list[int]] = {}
    for hit in page.object_list:
        by_key.setdefault(hit.key, []).append(hit.pk)
    rows = {
        (key, item.pk): item
        for key, ids in by_key.items()
        for item in for_key(key).queryset().filter(pk__in=ids)
    }
    results = [
        _result(for_key(hit.key), rows[(hit.key, hit.pk)])
        for hit in page.object_list
        if (hit.key, hit.pk) in rows  # an item unpublished since it was indexed is skipped
    ]
    return page, results


def _result(contribution: Contribution, item: Any) -> SiteResult:
    title, summary, code = contribution.shown_text(item)
    return SiteResult(
        type_label=str(contribution.model._meta.verbose_name).capitalize(),
        title=title,
        snippet=Truncator(summary).words(SNIPPET_WORDS),
        language_code=code,
        language_name=_language_name(code),
        url=item.get_absolute_url(),
    )


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
