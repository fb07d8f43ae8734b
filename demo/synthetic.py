"""Realistic synthetic practices and resources in English, French and Spanish, for demos and
benchmarks. Text is assembled from phrase banks written for this purpose; numbers, places,
objectives, scopes and lengths vary with a seeded random generator, so a seed always gives the
same content."""

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils.text import slugify

from repository.interchange import PracticeRecord, ResourceRecord, Vocab

from .synthetic_phrases import (
    APPROACHES,
    GROUPS,
    IMPLEMENTERS,
    LESSONS,
    PUBLISHERS,
    RESOURCE_KINDS,
    RESULTS,
    THEMES,
)

LANGUAGES = ("en", "fr", "es")
SCOPE_WEIGHTS = {"global": 5, "regional": 15, "national": 55, "local": 25}
TYPE_WEIGHTS = {"project": 50, "partnership": 20, "policy": 15, "research": 10, "other": 5}
TOWNS = ("Tijuana", "Agadez", "Gaziantep", "Dhaka", "Lampedusa", "Cúcuta", "Nairobi", "Bangkok")
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


class Generator:
    """Builds records from a vocabulary snapshot and a seed."""

    def __init__(self, vocab: Vocab, seed: int = 0) -> None:
        self.vocab = vocab
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - synthetic content, not security
        self.countries = sorted(vocab.countries.values(), key=lambda c: c.code)
        self.subregions = sorted(
            (r for r in vocab.regions.values() if r.level == "subregion"), key=lambda r: r.m49
        )

    def _weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _place(self, lang: str) -> Any:
        country = self.rng.choice(self.countries)
        return country, getattr(country, f"name_{lang}", None) or country.name

    def _geography(self, scope: str) -> tuple[list, list, str]:
        """(countries, regions, local place) fitting a scope level."""
        if scope == "global":
            return [], [], ""
        if scope == "regional":
            regions = self.rng.sample(self.subregions, self.rng.choice((1, 1, 1, 2)))
            return [], regions, ""
        count = 1 if scope == "local" or self.rng.random() < 0.8 else self.rng.randint(2, 4)
        countries = self.rng.sample(self.countries, count)
        return countries, [], self.rng.choice(TOWNS) if scope == "local" else ""

    def _paragraph(self, bank: dict, lang: str, sentences: int, **words: Any) -> str:
        chosen = self.rng.sample(bank[lang], min(sentences, len(bank[lang])))
        return " ".join(s.format(**words) for s in chosen)

    def _words(self, lang: str, theme: dict) -> dict[str, Any]:
        _country, place = self._place(lang)
        return {
            "group": self.rng.choice(GROUPS[lang]),
            "place": place,
            "topic": theme["topic"][lang],
            "n": self.rng.randint(40, 9000),
            "pct": self.rng.randint(12, 85),
            "months": self.rng.randint(6, 48),
        }

    def _objectives(self, theme: dict) -> tuple[list, list]:
        numbers = list(theme["objectives"])
        self.rng.shuffle(numbers)
        primary = numbers[: self.rng.randint(1, min(3, len(numbers)))]
        pool = [n for n in range(1, 24) if n not in primary]
        secondary = self.rng.sample(pool, self.rng.choice((0, 1, 2, 3)))
        objectives = self.vocab.objectives
        return [objectives[n] for n in primary], [objectives[n] for n in secondary]

    def _texts(self, lang: str, words: dict[str, Any]) -> dict[str, str]:
        """Texts of varied length assembled from the phrase banks."""
        return {
            "summary": self._paragraph(APPROACHES, lang, self.rng.randint(1, 3), **words),
            "description": self._paragraph(APPROACHES, lang, self.rng.randint(2, 6), **words),
            "results": self._paragraph(RESULTS, lang, self.rng.randint(1, 4), **words),
            "lessons": self._paragraph(LESSONS, lang, self.rng.randint(1, 3), **words),
            "implementer": self.rng.choice(IMPLEMENTERS[lang]).format(**words)[:200],
        }

    def _years(self) -> dict[str, int | None]:
        start = self.rng.randint(2015, 2025)
        end = None if self.rng.random() < 0.3 else min(2026, start + self.rng.randint(0, 5))
        return {"start_year": start, "end_year": end}

    def practice(self, index: int) -> PracticeRecord:
        lang = self.rng.choice(LANGUAGES)
        theme = self.rng.choice(THEMES)
        words = self._words(lang, theme)
        scope = self._weighted(SCOPE_WEIGHTS)
        countries, regions, local_place = self._geography(scope)
        if countries:
            words["place"] = getattr(countries[0], f"name_{lang}", None) or countries[0].name
        title = theme["titles"][lang][index % len(theme["titles"][lang])].format(**words)
        primary, secondary = self._objectives(theme)
        principles = self.rng.sample(sorted(self.vocab.principles), self.rng.randint(1, 4))
        values = {
            **self._texts(lang, words),
            **self._years(),
            "title": title[:250],
            "implementer_type": self.vocab.org_types.get(
                self.rng.choice(sorted(self.vocab.org_types))
            ),
            "language": self.vocab.languages[lang],
            "practice_type": self.vocab.types[self._weighted(TYPE_WEIGHTS)],
            "scope": self.vocab.scopes[scope],
            "local_place": local_place,
            "published_at": EPOCH - timedelta(minutes=self.rng.randint(0, 5 * 365 * 24 * 60)),
        }
        return PracticeRecord(
            slug=f"{slugify(title)[:80].strip('-')}-s{self.seed}-{index}",
            values=values,
            objectives=primary,
            secondary_objectives=secondary,
            principles=[self.vocab.principles[p] for p in principles],
            sdgs=self.rng.sample(sorted(self.vocab.sdgs.values(), key=lambda s: s.number), 2),
            countries=countries,
            regions=regions,
        )

    def resource(self, index: int) -> ResourceRecord:
        lang = self.rng.choice(LANGUAGES)
        theme = self.rng.choice(THEMES)
        words = self._words(lang, theme)
        kind_slug, kind = self.rng.choice(RESOURCE_KINDS[lang])
        title = f"{kind} {theme['topic'][lang]} ({words['place']})"
        primary, secondary = self._objectives(theme)
        values = {
            "title": title[:250],
            "abstract": self._paragraph(APPROACHES, lang, self.rng.randint(2, 4), **words),
            "publisher": self.rng.choice(PUBLISHERS),
            "authors": "",
            "url": f"https://example.org/resources/{self.seed}/{index}",
            "language": self.vocab.languages[lang],
            "resource_type": self.vocab.resource_types[kind_slug],
            "scope": self.vocab.scopes[self._weighted(SCOPE_WEIGHTS)],
            "year": self.rng.randint(2016, 2025),
            "published_at": EPOCH - timedelta(minutes=self.rng.randint(0, 5 * 365 * 24 * 60)),
        }
        return ResourceRecord(
            slug=f"{slugify(title)[:80].strip('-')}-s{self.seed}-{index}",
            values=values,
            objectives=primary,
            secondary_objectives=secondary,
            principles=[],
            countries=[],
            regions=[],
            other_languages=[],
        )
