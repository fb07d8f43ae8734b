"""Reads for the Hub team's dashboards: how submissions move through a call, how reviewers
answer, what is late, and who submits.

The funnel reads the submissions' history (the workflow engine's ``status_changed`` audit
events): a submission reaches a stage the first time it moves into it. A submission whose history
is missing (created in one step by an import or a test) counts as having passed every stage up
to its present one, without times. Time in a stage is the median number of days between reaching
it and reaching the next, over the submissions that did both.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import AuditVerb
from core.models import AuditEvent
from reviews.choices import AssignmentStatus
from reviews.models import ReviewAssignment
from submissions.choices import SubmissionStatus as S
from submissions.models import Submission
from taxonomy.models import Country, Language, OrganisationType, Region

# Submissions waiting this long for the team (screening, a decision) are listed as late.
WAITING_DAYS = 14


@dataclass(frozen=True)
class Stage:
    key: str
    label: Any
    help: Any


STAGES = (
    Stage("started", gettext_lazy("Started"), gettext_lazy("Drafts begun by submitters.")),
    Stage("sent", gettext_lazy("Sent"), gettext_lazy("Sent to the Hub team.")),
    Stage("screening", gettext_lazy("Screening"), gettext_lazy("Checked by the Hub team.")),
    Stage("review", gettext_lazy("With reviewers"), gettext_lazy("Passed screening.")),
    Stage("decided", gettext_lazy("Decided"), gettext_lazy("Approved or declined after review.")),
    Stage("published", gettext_lazy("Published"), gettext_lazy("On the public site.")),
)
# The stage each status belongs to now (declined and withdrawn: see _present_stage).
STAGE_OF_STATUS: dict[str, int] = {
    S.DRAFT: 0,
    S.SUBMITTED: 1,
    S.SCREENING: 2,
    S.CLARIFICATION: 2,
    S.IN_REVIEW: 3,
    S.AWAITING_DECISION: 3,
    S.CHANGES_REQUESTED: 3,
    S.APPROVED: 4,
    S.PUBLISHED: 5,
}
UNDER_REVIEW = {S.IN_REVIEW, S.AWAITING_DECISION, S.CHANGES_REQUESTED}


@dataclass
class FunnelRow:
    stage: Stage
    reached: int = 0
    here_now: int = 0
    days: float | None = None  # median days spent before the next stage
    measured: int = 0  # submissions the median is taken over


@dataclass
class Journey:
    """One submission's first arrival in each stage, from its history."""

    status: str
    reached: dict[int, datetime] = field(default_factory=dict)
    last_change: datetime | None = None


def _milestone(from_status: str, to_status: str) -> int | None:
    if to_status == S.SUBMITTED:
        return 1
    if to_status == S.SCREENING:
        return 2
    if to_status == S.IN_REVIEW:
        return 3
    if to_status in (S.APPROVED, S.DECLINED) and from_status in UNDER_REVIEW:
        return 4
    if to_status == S.PUBLISHED:
        return 5
    return None


def journeys(submissions: QuerySet[Submission]) -> dict[int, Journey]:
    """Each submission's journey (two queries)."""
    found = {
        pk: Journey(status, {0: created}, created)
        for pk, status, created in submissions.values_list("pk", "status", "created_at")
    }
    events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Submission),
        verb=AuditVerb.STATUS_CHANGED,
    ).order_by("created_at", "pk")
    for target, from_status, to_status, when in events.values_list(
        "target_id", "from_status", "to_status", "created_at"
    ):
        journey = found.get(int(target)) if target.isdigit() else None
        if journey is None:
            continue
        journey.last_change = when
        stage = _milestone(from_status, to_status)
        if stage is not None:
            journey.reached.setdefault(stage, when)
    return found


def _present_stage(journey: Journey) -> int:
    """The furthest stage a submission reached (its status vouches for stages without history)."""
    known = max(journey.reached)
    return max(known, STAGE_OF_STATUS.get(journey.status, 0))


def funnel(submissions: QuerySet[Submission]) -> list[FunnelRow]:
    rows = [FunnelRow(stage) for stage in STAGES]
    spent: dict[int, list[float]] = defaultdict(list)
    for journey in journeys(submissions).values():
        furthest = _present_stage(journey)
        for index in range(furthest + 1):
            rows[index].reached += 1
        if journey.status in STAGE_OF_STATUS:
            rows[STAGE_OF_STATUS[journey.status]].here_now += 1
        for index in range(len(STAGES) - 1):
            start, end = journey.reached.get(index), journey.reached.get(index + 1)
            if start and end:
                spent[index].append((end - start).total_seconds() / 86400)
    for index, days in spent.items():
        rows[index].days = round(median(days), 1)
        rows[index].measured = len(days)
    return rows


def ended(submissions: QuerySet[Submission]) -> dict[str, int]:
    counts = Counter(
        submissions.filter(status__in=[S.DECLINED, S.WITHDRAWN]).values_list("status", flat=True)
    )
    return {"declined": counts.get(S.DECLINED, 0), "withdrawn": counts.get(S.WITHDRAWN, 0)}


@dataclass
class ReviewerRow:
    name: str
    invited: int = 0
    answered: int = 0
    declined: int = 0
    no_answer: int = 0
    reviews: int = 0
    load: int = 0
    overdue: int = 0
    answer_days: list[float] = field(default_factory=list)

    @property
    def response_rate(self) -> int | None:
        """Percentage of invitations answered (accepted, declined or a conflict declared)."""
        return round(100 * self.answered / self.invited) if self.invited else None

    @property
    def median_answer_days(self) -> float | None:
        return round(median(self.answer_days), 1) if self.answer_days else None


ANSWERED = {
    AssignmentStatus.ACCEPTED,
    AssignmentStatus.DECLINED,
    AssignmentStatus.CONFLICT,
    AssignmentStatus.SUBMITTED,
}
OPEN = {AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED}


def _assignments(submissions: QuerySet[Submission]) -> QuerySet[ReviewAssignment]:
    return (
        ReviewAssignment.objects.filter(submission__in=submissions, invited_at__isnull=False)
        .select_related("reviewer", "submission")
        .order_by("pk")
    )


def reviewers(submissions: QuerySet[Submission], now: datetime) -> list[ReviewerRow]:
    """Per reviewer invited: answers, reviews, present load and late work (one query)."""
    rows: dict[int, ReviewerRow] = {}
    for a in _assignments(submissions):
        row = rows.setdefault(a.reviewer_id, ReviewerRow(a.reviewer.display_name))
        row.invited += 1
        row.answered += a.status in ANSWERED or (
            a.status == AssignmentStatus.CANCELLED and a.responded_at is not None
        )
        row.declined += a.status in (AssignmentStatus.DECLINED, AssignmentStatus.CONFLICT)
        row.no_answer += a.status == AssignmentStatus.EXPIRED
        row.reviews += a.status == AssignmentStatus.SUBMITTED
        row.load += a.status in OPEN
        row.overdue += a.status in OPEN and a.due_at is not None and a.due_at < now
        if a.responded_at and a.invited_at:
            row.answer_days.append((a.responded_at - a.invited_at).total_seconds() / 86400)
    return sorted(rows.values(), key=lambda r: (-r.load, -r.overdue, r.name.casefold()))


@dataclass(frozen=True)
class LateItem:
    submission: Submission
    what: str
    who: str
    since: datetime
    days_late: int


def late_items(submissions: QuerySet[Submission], now: datetime) -> list[LateItem]:
    """Reviews past their due date, and submissions waiting for the team (screening or a
    decision) for more than ``WAITING_DAYS`` days, the latest first."""
    items = [
        LateItem(
            a.submission,
            _("Invitation not answered")
            if a.status == AssignmentStatus.INVITED
            else _("Review not sent"),
            a.reviewer.display_name,
            a.due_at,
            (now - a.due_at).days,
        )
        for a in _assignments(submissions).filter(status__in=OPEN, due_at__lt=now)
        if a.due_at is not None
    ]
    waiting: dict[str, str] = {
        S.SUBMITTED: _("Waiting for screening"),
        S.SCREENING: _("Waiting for screening"),
        S.AWAITING_DECISION: _("Waiting for a decision"),
    }
    limit = now - timedelta(days=WAITING_DAYS)
    found = journeys(submissions.filter(status__in=list(waiting)))
    late = {pk for pk, j in found.items() if j.last_change and j.last_change < limit}
    for submission in submissions.filter(pk__in=late):
        journey = found[submission.pk]
        if journey.last_change:
            items.append(
                LateItem(
                    submission,
                    str(waiting[journey.status]),
                    _("The Hub team"),
                    journey.last_change + timedelta(days=WAITING_DAYS),
                    (now - journey.last_change).days - WAITING_DAYS,
                )
            )
    return sorted(items, key=lambda item: -item.days_late)


def _labels(model: Any, key: str) -> dict[str, str]:
    return {str(getattr(row, key)): str(row) for row in model.objects.all()}


def _top_region(region: Region | None, by_id: dict[int, Region]) -> Region | None:
    while region is not None and region.parent_id:
        region = by_id.get(region.parent_id)
    return region


def _regions_of(
    data: dict, countries: dict[str, Country], by_m49: dict[str, Region], by_id: dict[int, Region]
) -> set[str]:
    found: set[str] = set()
    for code in data.get("countries") or []:
        country = countries.get(str(code))
        if country and country.region_id:
            found.add(by_id[country.region_id].name)
    for m49 in data.get("regions") or []:
        top = _top_region(by_m49.get(str(m49)), by_id)
        if top:
            found.add(top.name)
    return found


def breakdowns(submissions: QuerySet[Submission]) -> dict[str, list[tuple[str, int]]]:
    """Sent submissions (not drafts) by type of main implementer, region and language, the
    largest first; "Not given" when the submission does not say. A submission touching two
    regions counts in both."""
    types = _labels(OrganisationType, "slug")
    languages = _labels(Language, "code")
    regions = list(Region.objects.all())
    by_id = {r.pk: r for r in regions}
    by_m49 = {str(r.m49): r for r in regions}
    countries = {c.code: c for c in Country.objects.all()}
    not_given = _("Not given")
    counted: dict[str, Counter[str]] = {
        "type": Counter(),
        "region": Counter(),
        "language": Counter(),
    }
    for data in submissions.exclude(status=S.DRAFT).values_list("data", flat=True):
        data = data or {}
        kind = data.get("implementer_type") or data.get("publisher_type")
        counted["type"][types.get(str(kind), not_given) if kind else not_given] += 1
        language = data.get("language")
        counted["language"][languages.get(str(language), not_given) if language else not_given] += 1
        for name in _regions_of(data, countries, by_m49, by_id) or {not_given}:
            counted["region"][name] += 1
    return {
        key: sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))
        for key, counter in counted.items()
    }


def dashboard(submissions: QuerySet[Submission], now: datetime | None = None) -> dict[str, Any]:
    """Everything the team's dashboard shows, for these submissions."""
    now = now or timezone.now()
    return {
        "funnel": funnel(submissions),
        "ended": ended(submissions),
        "reviewers": reviewers(submissions, now),
        "late": late_items(submissions, now),
        "breakdowns": breakdowns(submissions),
    }
