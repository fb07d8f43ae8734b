"""Reads of the expert directory: the listing with its facets and counts, search across
languages, similar experts, an expert's contributions, and the directory's coverage.

The directory holds hundreds to a few thousand profiles: the listing reads the listed profiles
once (with their vocabularies) and filters and counts in Python, so each facet is counted over
exactly what the visitor may see on the profiles (an expert may show a field to members only).
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from core.types import Actor
from repository.models import Practice
from reviews.models import ReviewerProfile
from search.selectors import search, similar
from submissions.models import Submission
from taxonomy.models import Country, Language, Objective, OrganisationType, Principle, Region

from .choices import Availability, Gender
from .models import ExpertProfile
from .permissions import sees

FACETS = ("objective", "principle", "region", "country", "language", "org_type", "availability")
FACET_LABELS = {
    "objective": _("GCM objective"),
    "principle": _("Guiding principle"),
    "region": _("Region of experience"),
    "country": _("Country"),
    "language": _("Language"),
    "org_type": _("Type of organisation"),
    "availability": _("Available for"),
}


def listed_profiles() -> QuerySet[ExpertProfile]:
    return (
        ExpertProfile.objects.listed()
        .select_related("country", "organisation_type", "bio_language")
        .prefetch_related(
            "languages",
            Prefetch("objectives", queryset=Objective.objects.order_by("number")),
            "principles",
            "regions",
            Prefetch("countries", queryset=Country.objects.select_related("region", "subregion")),
        )
    )


def _regions_of(profile: ExpertProfile) -> set[str]:
    found = {str(region.m49) for region in profile.regions.all()}
    for country in profile.countries.all():
        for region in (country.region, country.subregion):
            if region is not None:
                found.add(str(region.m49))
    return found


def facet_values(user: Actor, profile: ExpertProfile) -> dict[str, set[str]]:
    """The values under which ``profile`` is found, from the fields ``user`` may see."""
    values: dict[str, set[str]] = {name: set() for name in FACETS}
    if sees(user, profile, "objectives"):
        values["objective"] = {str(o.number) for o in profile.objectives.all()}
        values["principle"] = {p.slug for p in profile.principles.all()}
    if sees(user, profile, "experience"):
        values["region"] = _regions_of(profile)
        values["country"] = {c.code for c in profile.countries.all()}
    if sees(user, profile, "country") and profile.country:
        values["country"].add(profile.country.code)
    if sees(user, profile, "languages"):
        values["language"] = {lang.code for lang in profile.languages.all()}
    if sees(user, profile, "organisation") and profile.organisation_type:
        values["org_type"] = {profile.organisation_type.slug}
    if sees(user, profile, "availability"):
        values["availability"] = set(profile.availability)
    return values


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    chosen: bool


@dataclass
class Directory:
    profiles: list[ExpertProfile]
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    total: int = 0


def _labels() -> dict[str, dict[str, str]]:
    return {
        "objective": {
            str(o.number): f"{o.number}. {o.short_name}" for o in Objective.objects.all()
        },
        "principle": {p.slug: p.name for p in Principle.objects.all()},
        "region": {str(r.m49): r.name for r in Region.objects.all()},
        "country": {c.code: c.name for c in Country.objects.all()},
        "language": {lang.code: lang.name for lang in Language.objects.all()},
        "org_type": {t.slug: t.name for t in OrganisationType.objects.all()},
        "availability": {value: str(label) for value, label in Availability.choices},
    }


def directory(user: Actor, chosen: Mapping[str, Iterable[str]], query: str = "") -> Directory:
    """Listed profiles matching every chosen facet value (and ``query``, best first), with
    the count of each facet value among them."""
    profiles = list(listed_profiles())
    values = {profile.pk: facet_values(user, profile) for profile in profiles}
    wanted = {name: set(chosen.get(name, ())) for name in FACETS}
    kept = [p for p in profiles if all(wanted[n] <= values[p.pk][n] for n in FACETS if wanted[n])]
    if query.strip():
        ranked = search(query, model=ExpertProfile, allowed_ids=[p.pk for p in kept])
        by_pk = {p.pk: p for p in kept}
        kept = [by_pk[pk] for pk in ranked if pk in by_pk]
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for profile in kept:
        for name in FACETS:
            counts[name].update(values[profile.pk][name])
    labels = _labels()
    facets = {
        name: sorted(
            (
                FacetOption(value, labels[name].get(value, value), n, value in wanted[name])
                for value, n in counts[name].items()
            ),
            key=lambda option: (-option.count, option.label),
        )
        for name in FACETS
    }
    return Directory(profiles=kept, facets=facets, total=len(kept))


def similar_experts(profile: ExpertProfile, limit: int = 4) -> list[ExpertProfile]:
    ids = similar(profile, limit=limit)
    by_pk = ExpertProfile.objects.listed().in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def published_practices(profile: ExpertProfile, limit: int = 10) -> list[Any]:
    """The expert's practices published on the Hub (submitted from their account)."""
    if profile.user_id is None:
        return []
    return list(
        Practice.objects.published()
        .filter(source_submission_id__in=_submission_ids(profile.user_id))
        .order_by("-published_at")[:limit]
    )


def _submission_ids(user_id: int) -> QuerySet:
    return Submission.objects.filter(owner_id=user_id).values("pk")


def profile_export(profile: ExpertProfile) -> dict[str, Any]:
    """Everything the directory holds about one expert (for the expert's own download)."""
    return {
        "name": profile.name,
        "email": profile.email,
        "address": profile.get_absolute_url(),
        "status": profile.get_status_display(),
        "organisation": profile.organisation,
        "organisation_type": str(profile.organisation_type or ""),
        "country": profile.country.code if profile.country else "",
        "languages": [lang.code for lang in profile.languages.all()],
        "objectives": sorted(o.number for o in profile.objectives.all()),
        "principles": [p.slug for p in profile.principles.all()],
        "regions": [r.m49 for r in profile.regions.all()],
        "countries": [c.code for c in profile.countries.all()],
        "bio": profile.bio,
        "bio_language": profile.bio_language.code if profile.bio_language else "",
        "expertise": profile.expertise_list(),
        "orcid": profile.orcid,
        "links": profile.link_list(),
        "availability": profile.availability,
        "gender": profile.gender,
        "visibility": {key: profile.visibility_of(key) for key in profile.visibility_keys()},
        "verified_at": profile.verified_at.isoformat() if profile.verified_at else None,
        "last_confirmed": profile.confirmed_at.isoformat(),
        "messages_received": [
            {
                "from": m.sender.display_name,
                "subject": m.subject,
                "body": m.body,
                "at": m.created_at.isoformat(),
            }
            for m in profile.messages.select_related("sender")
        ],
    }


@dataclass
class Coverage:
    total: int
    regions: list[tuple[str, int]]
    languages: list[tuple[str, int]]
    organisation_types: list[tuple[str, int]]
    genders: list[tuple[str, int]]
    objectives_without_experts: list[Objective]


def coverage() -> Coverage:
    """The listed directory's spread, for the Hub team (gender only in aggregate)."""
    profiles = list(listed_profiles())
    regions: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    types: Counter[str] = Counter()
    genders: Counter[str] = Counter()
    covered: set[int] = set()
    region_names = {str(r.m49): r.name for r in Region.objects.all()}
    gender_labels = dict(Gender.choices)
    for profile in profiles:
        regions.update(region_names.get(code, code) for code in _regions_of(profile))
        languages.update(lang.name for lang in profile.languages.all())
        types[str(profile.organisation_type or _("Not said"))] += 1
        genders[str(gender_labels.get(profile.gender, profile.gender))] += 1
        covered.update(o.number for o in profile.objectives.all())
    return Coverage(
        total=len(profiles),
        regions=sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])),
        languages=sorted(languages.items(), key=lambda kv: (-kv[1], kv[0])),
        organisation_types=sorted(types.items(), key=lambda kv: (-kv[1], kv[0])),
        genders=sorted(genders.items(), key=lambda kv: (-kv[1], kv[0])),
        objectives_without_experts=list(
            Objective.objects.exclude(number__in=covered).order_by("number")
        ),
    )


def on_roster(user: Actor) -> bool:
    """Whether the signed-in person is a reviewer on the roster (offered a one-click profile)."""
    pk = getattr(user, "pk", None)
    return pk is not None and ReviewerProfile.objects.filter(user_id=int(pk)).exists()
