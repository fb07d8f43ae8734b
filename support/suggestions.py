"""Connections for a support request: similar practices and resources, experts available for
advising, and earlier requests, each ranked with its reasons, across languages.

The same ranking feeds the intake form, the team's page and ``suggest_connections``. Practices,
resources and experts come from the search index (meaning and words, whatever the language); a
request asks several things at once, so each candidate is also compared with each of its parts
(the title and each clause of the need); a shared objective (more when it is the item's main
one) and experience of the request's country add to the score; earlier requests (private, not
in the index) are compared by the encoder directly.
"""

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from experts.choices import Availability
from experts.models import ExpertProfile
from experts.permissions import sees
from repository.models import Practice, Resource
from search.backends.allowed import allowed_from
from search.backends.vectors import get_vectors
from search.selectors import match
from search.vectorise import index_encoder
from taxonomy.models import Country, Objective

from .choices import RequestStatus
from .models import SupportRequest

LIMIT = 10
# The objectives a request names are the requester's (and the team's) own statement of the need:
# an item sharing one gets ahead of a merely similar text (cross-lingual cosines run lower than
# same-language ones, so a fitting practice in another language otherwise loses to a near one in
# the request's language). An item whose main objective (the first it lists) is one of the
# request's is about the need; one that lists it further down touches it (a pension scheme for
# workers abroad lists "fair recruitment" after "social protection"), so it gets half.
# Measured in bench/support_quality.py (docs/benchmarks.md).
FIRST_OBJECTIVE_BONUS = 0.2  # the item's main objective is one of the request's
SECONDARY_OBJECTIVE_BONUS = 0.1  # the item shares an objective, not its main one
OBJECTIVE_BONUS = 0.05  # per further shared objective (at most three count)
COUNTRY_BONUS = 0.05  # the item names the request's country
# A request's need names several things ("a reception centre, psychosocial support, training
# and grants"): the encoder reads one long text as a blur of them, so the mean cosine of the
# item with each part (the title, each clause of the need) is added, at this weight, to its
# cosine with the whole text. An item answering one part well then rises even when written in
# another language.
PART_WEIGHT = 0.5
MAX_PARTS = 8
PART_NEAREST = 10  # nearest items of each part added to the candidates
CANDIDATES = 30  # search hits considered before the bonuses
OBJECTIVE_CANDIDATES = 500  # published items sharing an objective, compared by cosine
SAME_OBJECTIVE_FLOOR = 0.2  # cosine under which such an item is not proposed
REQUEST_FLOOR = 0.3  # cosine under which an earlier request is not similar
OBJECTIVES_SUGGESTED = 3
# Where a need splits into parts: sentence ends, commas, and "and" in the six languages.
_CLAUSE_BREAK = re.compile(
    r"[.;:!?\n。；：！？]+\s*|[,،，、]\s*|\s+(?:and|et|y|и|و)\s+", re.IGNORECASE
)
_WIDE_SCRIPT = re.compile(r"[\u3000-\u9fff]")  # Chinese: no spaces between words


def _is_part(text: str) -> bool:
    """A clause worth reading on its own: three words at least (four characters in Chinese)."""
    return len(text.split()) >= 3 or (bool(_WIDE_SCRIPT.search(text)) and len(text) >= 4)


@dataclass(frozen=True)
class Need:
    """What a request asks, as suggestions read it."""

    title: str
    description: str
    language: str = "en"
    country: str = ""  # ISO alpha-2
    objectives: tuple[int, ...] = ()
    exclude_request: int | None = None  # the request itself, on its own page

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description}".strip()

    @cached_property
    def parts(self) -> list[str]:
        """What the request asks, piece by piece: its title, then each clause of the need."""
        found: list[str] = []
        for piece in [self.title, *_CLAUSE_BREAK.split(self.description)]:
            piece = piece.strip(" .")
            if piece and _is_part(piece) and piece not in found:
                found.append(piece)
        return found[:MAX_PARTS] or [self.text]

    @cached_property
    def vector(self) -> Any:
        return index_encoder().encode([self.text])[0]

    @cached_property
    def part_vectors(self) -> Any:
        return index_encoder().encode(self.parts)

    @cached_property
    def country_name(self) -> str:
        """The country's name in the active language (read once per suggestion run)."""
        found = Country.objects.filter(code=self.country).values_list("name", flat=True).first()
        return found or self.country

    @cached_property
    def objective_names(self) -> dict[int, str]:
        """ "21. Dignified return and reintegration" for each objective the need names, in the
        active language (read once per suggestion run): reasons say objectives in words."""
        found = Objective.objects.filter(number__in=self.objectives)
        return {o.number: f"{o.number}. {o.short_name}" for o in found}

    @classmethod
    def of(cls, request: SupportRequest) -> "Need":
        return cls(
            title=request.title,
            description=request.need,
            language=request.language,
            country=request.country.code if request.country_id else "",
            objectives=tuple(o.number for o in request.objectives.all()),
            exclude_request=request.pk,
        )


@dataclass
class Suggestion:
    key: str  # slug, or reference of a request
    name: str
    url: str
    score: float
    reasons: list[Any] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(str(reason) for reason in self.reasons)

    def as_json(self, name_key: str) -> dict[str, Any]:
        key = "reference" if name_key == "reference" else "slug"
        label = "title" if name_key in ("title", "reference") else name_key
        return {
            key: self.key,
            label: self.name,
            "score": round(self.score, 4),
            "reason": self.reason,
        }


@dataclass
class Suggestions:
    practices: list[Suggestion] = field(default_factory=list)
    resources: list[Suggestion] = field(default_factory=list)
    experts: list[Suggestion] = field(default_factory=list)
    requests: list[Suggestion] = field(default_factory=list)

    def as_json(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "practices": [s.as_json("title") for s in self.practices],
            "resources": [s.as_json("title") for s in self.resources],
            "experts": [s.as_json("name") for s in self.experts],
            "requests": [s.as_json("reference") for s in self.requests],
        }


def _shared_reasons(
    need: Need,
    objectives: Iterable[int],
    countries: Iterable[str],
    main: AbstractSet[int] | None = None,
) -> tuple:
    """(bonus, reasons) for the objectives and the country an item shares with the need.
    ``main``: the item's main objectives (default: every one it lists counts as main)."""
    shared = sorted(set(objectives) & set(need.objectives))
    bonus, reasons = 0.0, []
    if shared:
        about = main is None or bool(main & set(need.objectives))
        first = FIRST_OBJECTIVE_BONUS if about else SECONDARY_OBJECTIVE_BONUS
        bonus = first + OBJECTIVE_BONUS * (min(len(shared), 3) - 1)
        numbers = "; ".join(need.objective_names.get(n, str(n)) for n in shared)
        reasons.append(_("same objectives: %(numbers)s") % {"numbers": numbers})
    if need.country and need.country in set(countries):
        bonus += COUNTRY_BONUS
        reasons.append(_("experience in %(country)s") % {"country": need.country_name})
    return bonus, reasons


def _ranked(items: list[Suggestion]) -> list[Suggestion]:
    return sorted(items, key=lambda s: -s.score)[:LIMIT]


def _with_parts(
    model: type[Model], need: Need, scored: list[tuple[int, float]], allowed: Any = None
) -> list[tuple[int, float]]:
    """``scored`` plus the nearest items of each part of the request (at their cosine with the
    whole text), each score raised by ``PART_WEIGHT`` times the item's mean cosine with the
    parts. ``allowed``: the ids that may be added (default: any indexed item)."""
    vectors, ct = get_vectors(), ContentType.objects.get_for_model(model).pk
    limit = allowed_from(allowed)
    seen = {pk for pk, _score in scored}
    added = {
        pk
        for vector in need.part_vectors
        for pk, _cos in vectors.nearest(
            vector, content_type_id=ct, allowed=limit, limit=PART_NEAREST
        )
    } - seen
    if added:
        scored = scored + list(
            vectors.cosines(need.vector, content_type_id=ct, ids=sorted(added)).items()
        )
    ids = [pk for pk, _score in scored]
    sums = dict.fromkeys(ids, 0.0)
    for vector in need.part_vectors:
        for pk, cosine in vectors.cosines(vector, content_type_id=ct, ids=ids).items():
            sums[pk] += cosine
    parts = len(need.part_vectors)
    return [(pk, score + PART_WEIGHT * sums[pk] / parts) for pk, score in scored]


def _candidates(model: type[Model], need: Need) -> list[tuple[int, float]]:
    """``(id, score)``: what the search matches (meaning and words), plus the published items
    sharing an objective with the request scored by their cosine alone (a request is long and
    specific; a practice written in another language on the same objective may sit below the
    search's relevance cut), plus the nearest items of each part of the request; each raised
    by its closeness to the parts (:func:`_with_parts`)."""
    scored = match(need.text, model=model, language=need.language).scored()[:CANDIDATES]
    if need.objectives:
        seen = {pk for pk, _score in scored}
        same = (
            model.objects.published()  # type: ignore[attr-defined]
            .filter(objectives__number__in=need.objectives)
            .exclude(pk__in=seen)
            .values_list("pk", flat=True)
            .distinct()[:OBJECTIVE_CANDIDATES]
        )
        ct = ContentType.objects.get_for_model(model).pk
        cosines = get_vectors().cosines(need.vector, content_type_id=ct, ids=list(same))
        scored += [(pk, cos) for pk, cos in cosines.items() if cos >= SAME_OBJECTIVE_FLOOR]
    return _with_parts(model, need, scored)


def _published(model: type[Model], need: Need, label: Any) -> list[Suggestion]:
    scored = _candidates(model, need)
    rows = (
        model.objects.published()  # type: ignore[attr-defined]
        .prefetch_related("objective_rows__objective", "countries")
        .in_bulk([pk for pk, _score in scored])
    )
    found = []
    for pk, score in scored:
        item = rows.get(pk)
        if item is None:
            continue
        links = item.objective_links()
        bonus, reasons = _shared_reasons(
            need,
            (link.objective.number for link in links),
            (c.code for c in item.countries.all()),
            main={links[0].objective.number} if links else set(),
        )
        url = item.get_absolute_url()
        found.append(Suggestion(item.slug, item.title, url, score + bonus, [label, *reasons]))
    return _ranked(found)


def advisers() -> dict[int, ExpertProfile]:
    profiles = (
        ExpertProfile.objects.listed()
        .select_related("country")
        .prefetch_related("objectives", "countries", "languages")
    )
    return {p.pk: p for p in profiles if Availability.ADVISING in (p.availability or [])}


def _public_terms(profile: ExpertProfile) -> tuple[set[int], set[str]]:
    """The objectives and countries of a profile that everyone may read (reasons are shown to
    the requester too)."""
    objectives = set()
    if sees(None, profile, "objectives"):
        objectives = {o.number for o in profile.objectives.all()}
    countries = set()
    if sees(None, profile, "experience"):
        countries = {c.code for c in profile.countries.all()}
    if sees(None, profile, "country") and profile.country is not None:
        countries.add(profile.country.code)
    return objectives, countries


def _experts(need: Need) -> list[Suggestion]:
    pool = advisers()
    if not pool:
        return []
    scored = match(need.text, model=ExpertProfile, language=need.language).scored(set(pool))
    found = []
    for pk, score in _with_parts(ExpertProfile, need, scored[: 3 * LIMIT], allowed=set(pool)):
        profile = pool[pk]
        bonus, reasons = _shared_reasons(need, *_public_terms(profile))
        if sees(None, profile, "languages") and need.language in {
            lang.code for lang in profile.languages.all()
        }:
            reasons.append(_("works in the request's language"))
        found.append(
            Suggestion(
                profile.slug,
                profile.name,
                profile.get_absolute_url(),
                score + bonus,
                [_("expertise close to the request"), *reasons],
            )
        )
    return _ranked(found)


def _earlier(need: Need, shared_only: bool) -> list[Suggestion]:
    requests = SupportRequest.objects.exclude(status=RequestStatus.CLOSED).prefetch_related(
        "objectives"
    )
    if need.exclude_request:
        requests = requests.exclude(pk=need.exclude_request)
    if shared_only:
        requests = requests.shared()
    rows = list(requests.select_related("country")[:500])
    if not rows or not need.text:
        return []
    vectors = index_encoder().encode([r.text() for r in rows])
    cosines: Sequence[float] = (np.asarray(vectors) @ np.asarray(need.vector)).tolist()
    found = []
    for row, cosine in zip(rows, cosines, strict=True):
        if cosine < REQUEST_FLOOR:
            continue
        bonus, reasons = _shared_reasons(
            need, (o.number for o in row.objectives.all()), [row.country.code]
        )
        title = row.public_summary[:120] if shared_only else row.title
        url = "" if shared_only else row.get_absolute_url()
        found.append(
            Suggestion(row.reference, title, url, cosine + bonus, [_("a similar need"), *reasons])
        )
    return _ranked(found)


def suggest(need: Need, *, shared_only: bool = False) -> Suggestions:
    """Every kind of connection for ``need``, best first, ten of each at most. ``shared_only``:
    earlier requests by their anonymised summary only (for the requester at intake)."""
    if not need.text:
        return Suggestions()
    return Suggestions(
        practices=_published(Practice, need, _("a similar practice")),
        resources=_published(Resource, need, _("a resource on the same subject")),
        experts=_experts(need),
        requests=_earlier(need, shared_only),
    )


def suggested_objectives(text: str, limit: int = OBJECTIVES_SUGGESTED) -> list[Objective]:
    """The objectives closest in meaning to ``text``: its cosine with each objective's title,
    plus the objectives of the closest published practices (weighted by their score)."""
    if not text.strip():
        return []
    objectives = list(Objective.objects.all())
    vectors = index_encoder().encode([text] + [o.title for o in objectives])
    scores = dict(
        zip(
            (o.number for o in objectives),
            (np.asarray(vectors[1:]) @ np.asarray(vectors[0])).tolist(),
            strict=True,
        )
    )
    scored = match(text, model=Practice).scored()[:5]
    rows = (
        Practice.objects.published()
        .prefetch_related("objectives")
        .in_bulk([pk for pk, _s in scored])
    )
    for pk, score in scored:
        for objective in rows[pk].objectives.all() if pk in rows else ():
            scores[objective.number] += score / len(scored)
    best = sorted(scores, key=lambda number: -scores[number])[:limit]
    by_number = {o.number: o for o in objectives}
    return [by_number[number] for number in best]
