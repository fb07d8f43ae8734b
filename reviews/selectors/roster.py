"""Reads on the roster: applications, and the coverage and balance of active reviewers.

Every function runs a fixed number of queries, whatever the size of the roster: counts come
from aggregation over the many-to-many tables, never from one query per reviewer.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from taxonomy.models import Language, Objective, Region, Theme

from ..choices import ApplicationStatus
from ..models import ReviewerProfile, RosterApplication

# The six official UN languages are always columns of the coverage table.
UN_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
# Each item needs one internal and two external reviewers (REFERENCE §5).
MIN_INTERNAL, MIN_EXTERNAL = 1, 2


# --- Applications -----------------------------------------------------------------------------


def latest_application_of(user: Any) -> RosterApplication | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return RosterApplication.objects.filter(user=user).order_by("-created_at").first()


def has_pending_application(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return RosterApplication.objects.filter(user=user, status=ApplicationStatus.PENDING).exists()


def application_list(*, status: str = "") -> QuerySet[RosterApplication]:
    applications = RosterApplication.objects.select_related("user", "decided_by").annotate(
        objective_count=Count("objectives", distinct=True)
    )
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("-created_at")


def application_counts() -> dict[str, int]:
    """How many applications there are in each status."""
    rows = RosterApplication.objects.values("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(ApplicationStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# --- Coverage and balance ---------------------------------------------------------------------


@dataclass
class ObjectiveRow:
    objective: Objective
    counts: list[int]  # one per column language
    total: int = 0
    internal: int = 0
    external: int = 0


@dataclass
class LanguageBalance:
    language: Language
    internal: int = 0
    external: int = 0


@dataclass
class Coverage:
    total: int
    internal: int
    external: int
    languages: list[Language]
    rows: list[ObjectiveRow]
    balance: list[LanguageBalance]
    regions: list[tuple[Region, int]]
    themes: list[tuple[Theme, int]]
    genders: list[tuple[str, int]]
    gender_not_given: int
    gaps: list[str] = field(default_factory=list)


def active_profiles() -> QuerySet[ReviewerProfile]:
    return ReviewerProfile.objects.filter(is_active=True, user__is_active=True)


def _column_languages(read: set[int]) -> list[Language]:
    """The six UN languages, then any other language someone on the roster reads."""
    languages = list(Language.objects.filter(Q(code__in=UN_LANGUAGES) | Q(pk__in=read)))
    order = {code: i for i, code in enumerate(UN_LANGUAGES)}
    return sorted(languages, key=lambda lang: (order.get(lang.code, len(order)), lang.sort_order))


def _objective_rows(profiles: QuerySet[ReviewerProfile], languages: list[Language]):
    """Objective × language counts, and internal/external counts per objective (2 queries)."""
    column = {lang.pk: i for i, lang in enumerate(languages)}
    rows = {o.pk: ObjectiveRow(o, [0] * len(languages)) for o in Objective.objects.all()}
    pairs = (
        profiles.filter(objectives__isnull=False, reading_languages__isnull=False)
        .values_list("objectives", "reading_languages")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for objective_id, language_id, n in pairs:
        if objective_id in rows and language_id in column:
            rows[objective_id].counts[column[language_id]] = n
    split = (
        profiles.filter(objectives__isnull=False)
        .values_list("objectives", "is_un")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for objective_id, is_un, n in split:
        row = rows[objective_id]
        row.total += n
        if is_un:
            row.internal += n
        else:
            row.external += n
    return list(rows.values())


def _language_balance(profiles: QuerySet[ReviewerProfile], languages: list[Language]):
    balance = {lang.pk: LanguageBalance(lang) for lang in languages}
    split = (
        profiles.filter(reading_languages__isnull=False)
        .values_list("reading_languages", "is_un")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for language_id, is_un, n in split:
        if language_id in balance:
            if is_un:
                balance[language_id].internal = n
            else:
                balance[language_id].external = n
    return list(balance.values())


def _region_counts(profiles: QuerySet[ReviewerProfile]) -> list[tuple[Region, int]]:
    """Reviewers per top-level region, from the regions and the countries they know."""
    regions = {r.pk: r for r in Region.objects.all()}

    def top(region_id: int | None) -> int | None:
        region = regions.get(region_id) if region_id else None
        while region is not None and region.parent_id is not None:
            region = regions.get(region.parent_id)
        return region.pk if region is not None else None

    known: defaultdict[int, set[int]] = defaultdict(set)
    picked = profiles.filter(regions__isnull=False).values_list("pk", "regions")
    via_country = profiles.filter(countries__region__isnull=False).values_list(
        "pk", "countries__region"
    )
    for profile_id, region_id in [
        *picked.order_by().distinct(),
        *via_country.order_by().distinct(),
    ]:
        top_id = top(region_id)
        if top_id is not None:
            known[top_id].add(profile_id)
    top_level = sorted(
        (r for r in regions.values() if r.level == Region.Level.REGION), key=lambda r: r.name
    )
    return [(region, len(known[region.pk])) for region in top_level]


def _theme_counts(profiles: QuerySet[ReviewerProfile]) -> list[tuple[Theme, int]]:
    counts = dict(
        profiles.filter(themes__isnull=False)
        .values_list("themes")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return [(theme, counts.get(theme.pk, 0)) for theme in Theme.objects.filter(is_active=True)]


def _gender_counts(profiles: QuerySet[ReviewerProfile]) -> tuple[list[tuple[str, int]], int]:
    """Self-declared genders as written (case ignored), and how many did not say."""
    counter: Counter[str] = Counter()
    for gender, n in (
        profiles.exclude(gender="").values_list(Lower("gender")).annotate(n=Count("pk")).order_by()
    ):
        counter[gender.strip().capitalize()] += n
    return counter.most_common(), profiles.filter(gender="").count()


def roster_coverage() -> Coverage:
    """Coverage and balance of the active reviewers, with the gaps named."""
    profiles = active_profiles()
    split = dict(profiles.values_list("is_un").annotate(n=Count("pk")).order_by())
    read = set(
        profiles.filter(reading_languages__isnull=False)
        .values_list("reading_languages", flat=True)
        .order_by()
        .distinct()
    )
    languages = _column_languages(read)
    genders, not_given = _gender_counts(profiles)
    coverage = Coverage(
        total=split.get(True, 0) + split.get(False, 0),
        internal=split.get(True, 0),
        external=split.get(False, 0),
        languages=languages,
        rows=_objective_rows(profiles, languages),
        balance=_language_balance(profiles, languages),
        regions=_region_counts(profiles),
        themes=_theme_counts(profiles),
        genders=genders,
        gender_not_given=not_given,
    )
    coverage.gaps = roster_gaps(coverage)
    return coverage


# --- Gaps -------------------------------------------------------------------------------------


def roster_gaps(coverage: Coverage | None = None) -> list[str]:
    """Named gaps of the roster, most serious first, in the active language."""
    coverage = coverage or roster_coverage()
    return [
        *_objective_gaps(coverage),
        *_language_gaps(coverage),
        *_theme_gaps(coverage),
        *_region_gaps(coverage),
    ]


def _hub_languages(coverage: Coverage) -> list[tuple[int, Language]]:
    """The columns of the languages submissions are written in most (the Hub's languages)."""
    codes = {code.split("-")[0] for code, _name in settings.LANGUAGES}  # zh-hans: Chinese, zh
    return [(i, lang) for i, lang in enumerate(coverage.languages) if lang.code in codes]


def _objective_gaps(coverage: Coverage) -> list[str]:
    gaps = []
    hub_languages = _hub_languages(coverage)
    for row in coverage.rows:
        number = row.objective.number
        if row.total == 0:
            gaps.append(_("No reviewer for objective %(number)d") % {"number": number})
            continue
        if row.internal < MIN_INTERNAL:
            gaps.append(_("No internal reviewer for objective %(number)d") % {"number": number})
        if row.external == 0:
            gaps.append(_("No external reviewer for objective %(number)d") % {"number": number})
        elif row.external < MIN_EXTERNAL:
            gaps.append(
                _("Only one external reviewer for objective %(number)d") % {"number": number}
            )
        for column, language in hub_languages:
            if row.counts[column] == 0:
                gaps.append(
                    _("No %(language)s-reading reviewer for objective %(number)d")
                    % {"language": language.name, "number": number}
                )
    return gaps


def _language_gaps(coverage: Coverage) -> list[str]:
    gaps = []
    for balance in coverage.balance:
        if balance.language.code not in UN_LANGUAGES:
            continue
        name = balance.language.name
        if balance.internal + balance.external == 0:
            gaps.append(_("No reviewer reads %(language)s") % {"language": name})
            continue
        if balance.internal == 0:
            gaps.append(_("No internal reviewer reads %(language)s") % {"language": name})
        elif balance.internal == 1:
            gaps.append(_("Only one internal reviewer reads %(language)s") % {"language": name})
        if balance.external == 0:
            gaps.append(_("No external reviewer reads %(language)s") % {"language": name})
        elif balance.external < MIN_EXTERNAL:
            gaps.append(_("Only one external reviewer reads %(language)s") % {"language": name})
    return gaps


def _theme_gaps(coverage: Coverage) -> list[str]:
    return [
        _("No reviewer covers the cross-cutting theme %(theme)s") % {"theme": theme.name}
        for theme, n in coverage.themes
        if n == 0
    ]


def _region_gaps(coverage: Coverage) -> list[str]:
    return [
        _("No reviewer has experience in %(region)s") % {"region": region.name}
        for region, n in coverage.regions
        if n == 0
    ]
