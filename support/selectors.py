"""Reads of the support service: the team's list, the response-time target and the report."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any, cast

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from core.models import AuditEvent
from core.types import Actor
from taxonomy.models import Objective

from .choices import ENDED, RequestStatus, SupportType
from .models import SupportRequest, SupportRequestQuerySet
from .permissions import SupportAction, policy

TEAM_VIEWS = ("open", "overdue", "ended", "all")


def response_days() -> int:
    """The target: a first response within this many working days (HUB_SUPPORT_RESPONSE_DAYS)."""
    return int(getattr(settings, "HUB_SUPPORT_RESPONSE_DAYS", 5))


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday to Friday) after ``start`` up to and including ``end``."""
    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


def is_overdue(request: SupportRequest, now: datetime | None = None) -> bool:
    if request.first_response_at is not None or request.status in ENDED:
        return False
    now = now or timezone.now()
    return working_days_between(request.created_at.date(), now.date()) > response_days()


def _with_relations(requests: QuerySet[SupportRequest]) -> SupportRequestQuerySet:
    found = requests.select_related("country", "country__region", "requester")
    return cast(SupportRequestQuerySet, found.prefetch_related("objectives"))


def team_list(user: Actor, view: str = "open") -> list[SupportRequest]:
    """The requests the Hub team works on, oldest first (``overdue``: waiting for a first
    response beyond the target)."""
    requests = _with_relations(policy.instances(user, SupportAction.WORK)).order_by(
        "created_at", "pk"
    )
    if view == "open":
        return list(requests.open())
    if view == "ended":
        return list(requests.filter(status__in=ENDED).order_by("-ended_at", "-pk"))
    if view == "overdue":
        now = timezone.now()
        return [
            r for r in requests.open().filter(first_response_at__isnull=True) if is_overdue(r, now)
        ]
    return list(requests)


def team_counts(user: Actor) -> dict[str, int]:
    requests = cast(SupportRequestQuerySet, policy.instances(user, SupportAction.WORK))
    return {
        "open": requests.open().count(),
        "overdue": len(team_list(user, "overdue")),
    }


def requester_history(request: SupportRequest) -> QuerySet[AuditEvent]:
    """Status changes of a request, as its requester follows them."""
    return AuditEvent.objects.filter(
        target_type__model="supportrequest",
        target_id=str(request.pk),
        verb__in=["status_changed", "support_requested", "support_proposed"],
    ).order_by("created_at", "id")


def team_history(request: SupportRequest) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(target_type__model="supportrequest", target_id=str(request.pk))
        .select_related("actor")
        .order_by("created_at", "id")
    )


def first_response_days(request: SupportRequest) -> float | None:
    if request.first_response_at is None:
        return None
    return (request.first_response_at - request.created_at).total_seconds() / 86400


@dataclass
class Report:
    total: int
    by_region: list[tuple[str, int]]
    by_objective: list[tuple[str, int]]
    by_type: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    median_response_days: float | None
    responded: int
    overdue: int


def _sorted(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def report(user: Actor) -> Report:
    """Requests by region, objective, type and status, and the time to a first response."""
    rows = list(_with_relations(policy.instances(user, SupportAction.WORK)))
    regions: Counter[str] = Counter()
    objectives: Counter[str] = Counter()
    types = Counter(str(SupportType(r.support_type).label) for r in rows)
    statuses = Counter(str(RequestStatus(r.status).label) for r in rows)
    for row in rows:
        regions[row.country.region.name if row.country.region else "—"] += 1
        objectives.update(f"{o.number}. {o.short_name}" for o in row.objectives.all())
    days = [d for d in (first_response_days(r) for r in rows) if d is not None]
    return Report(
        total=len(rows),
        by_region=_sorted(regions),
        by_objective=_sorted(objectives),
        by_type=_sorted(types),
        by_status=_sorted(statuses),
        median_response_days=round(median(days), 1) if days else None,
        responded=len(days),
        overdue=sum(1 for r in rows if is_overdue(r)),
    )


CSV_HEADER = (
    "reference",
    "received",
    "country",
    "region",
    "objectives",
    "type",
    "status",
    "first_response_days",
    "rating",
)


def report_rows(user: Actor) -> list[tuple[Any, ...]]:
    """One line per request for the CSV export (no person's name or address)."""
    rows = _with_relations(policy.instances(user, SupportAction.WORK)).order_by("created_at", "pk")
    lines = []
    for row in rows:
        days = first_response_days(row)
        lines.append(
            (
                row.reference,
                row.created_at.date().isoformat(),
                row.country.code,
                row.country.region.name if row.country.region else "",
                " ".join(str(o.number) for o in row.objectives.all()),
                row.support_type,
                row.status,
                "" if days is None else f"{days:.1f}",
                row.rating or "",
            )
        )
    return lines


def objectives_by_number() -> dict[int, Objective]:
    return {o.number: o for o in Objective.objects.all()}


def requests_by_objective() -> dict[int, int]:
    """How many support requests ask for each GCM objective (by number), declined ones left out:
    counts only, for the insights page's supply-and-demand table (no request is named)."""
    through = SupportRequest.objectives.through
    rows = (
        through.objects.exclude(supportrequest__status=RequestStatus.DECLINED)
        .values_list("objective__number")
        .annotate(count=Count("supportrequest", distinct=True))
    )
    return dict(rows)
