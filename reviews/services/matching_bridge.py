"""From the database to the matching solver and back: suggestions for one submission, and the
next-best reviewer when someone declines or reviewers disagree."""

from collections import Counter
from typing import Any

from django.db import transaction

from core.choices import AuditVerb
from core.services import audit_record
from core.types import Actor
from core.workflow import transition_many
from search.encoders import get_encoder
from submissions.models import Submission
from taxonomy.models import Country

from .. import permissions
from ..choices import ACTIVE_ASSIGNMENT
from ..choices import AssignmentStatus as A
from ..matching.explain import suggest_additional
from ..matching.solver import solve
from ..matching.types import Policy, ReviewerIn
from ..models import ReviewAssignment, ReviewerProfile
from ..permissions import ReviewAction
from ..selectors.inputs import submission_input
from ..selectors.progress import review_policy

ENDED = [A.DECLINED, A.CONFLICT, A.EXPIRED]


def _policy(submission: Submission) -> Policy:
    return review_policy(submission)


def _profiles() -> list[ReviewerProfile]:
    return list(
        ReviewerProfile.objects.filter(is_active=True, user__is_active=True)
        .select_related("user")
        .prefetch_related("objectives", "reading_languages", "countries")
    )


def reviewer_input(profile: ReviewerProfile, remaining: int | None) -> ReviewerIn:
    objectives = list(profile.objectives.all())
    text = " ".join([*(o.title for o in objectives), profile.publications, profile.organisation])
    return ReviewerIn(
        id=profile.user_id,
        text=text,
        languages=tuple(lang.code for lang in profile.reading_languages.all()),
        objectives=tuple(o.number for o in objectives),
        countries=tuple(c.code for c in profile.countries.all()),
        organisation=profile.organisation,
        internal=profile.is_un,
        max_load=remaining,
        conflicts=tuple(profile.conflict_list()),
    )


def region_lookup() -> Any:
    """A country's UN M49 sub-region (its region where it has none): regional balance in the
    matching is by sub-region, so West and North Africa count as two."""
    rows = Country.objects.values_list("code", "subregion__m49", "region__m49")
    regions = {code: sub or region for code, sub, region in rows}
    return lambda code: str(regions[code]) if regions.get(code) else None


def _loads(exclude: Submission) -> Counter:
    active = ReviewAssignment.objects.filter(status__in=ACTIVE_ASSIGNMENT).exclude(
        submission=exclude
    )
    return Counter(active.values_list("reviewer_id", flat=True))


def _forbidden(submission: Submission, reviewers: list[ReviewerIn]) -> list[tuple[int, int]]:
    """Own and co-submitted items, and people who already declined or declared a conflict."""
    people = {submission.owner_id, *submission.co_submitters.values_list("pk", flat=True)}
    people |= set(
        submission.assignments.filter(status__in=ENDED).values_list("reviewer_id", flat=True)
    )
    known = {r.id for r in reviewers}
    return [(submission.pk, person) for person in people if person in known]


@transaction.atomic
def suggest_for_submission(*, submission: Submission, actor: Actor) -> list[ReviewAssignment]:
    """Run the optimal matching for one submission; earlier open suggestions are replaced."""
    permissions.policy.require(actor, ReviewAction.SCREEN, submission)

    policy = _policy(submission)
    loads = _loads(submission)
    reviewers = [reviewer_input(p, max(policy.max_load - loads[p.user_id], 0)) for p in _profiles()]
    pins = [
        (submission.pk, rid)
        for rid in submission.assignments.filter(status__in=ACTIVE_ASSIGNMENT).values_list(
            "reviewer_id", flat=True
        )
    ]
    transition_many(
        submission.assignments.filter(status=A.SUGGESTED),
        A.CANCELLED,
        actor=actor,
    )
    result, _table = solve(
        [submission_input(submission)],
        reviewers,
        policy,
        get_encoder(),
        pins=pins,
        forbid=_forbidden(submission, reviewers),
        region_of=region_lookup(),
    )
    internal = {r.id for r in reviewers if r.internal}
    created = []
    for item in result.assignments:
        if item.pinned:
            continue
        created.append(
            ReviewAssignment.objects.create(
                submission=submission,
                reviewer_id=item.reviewer,
                status=A.SUGGESTED,
                is_internal=item.reviewer in internal,
                affinity=item.affinity,
                explanation={k: round(float(v), 3) for k, v in item.components.items()},
            )
        )
    reasons = "; ".join(s.reason for s in result.unassigned)
    audit_record(
        actor=actor,
        target=submission,
        verb=AuditVerb.REVIEWERS_SUGGESTED,
        note=f"{len(created)} suggested. {reasons}".strip(),
    )
    return created


def best_additional(*, submission: Submission, internal: bool | None) -> ReviewAssignment | None:
    """The best eligible reviewer not yet asked (for a replacement or a tie-break)."""
    policy = _policy(submission)
    loads = _loads(submission)
    asked = set(
        submission.assignments.exclude(status__in=[A.SUGGESTED, A.CANCELLED]).values_list(
            "reviewer_id", flat=True
        )
    )
    reviewers = [reviewer_input(p, None) for p in _profiles()]
    best = suggest_additional(
        submission_input(submission),
        reviewers,
        asked,
        encoder=get_encoder(),
        policy=policy,
        k=1,
        loads=loads,
        internal=internal,
        forbid=_forbidden(submission, reviewers),
        region_of=region_lookup(),
    )
    if not best:
        return None
    item = best[0]
    flags = {r.id: r.internal for r in reviewers}
    transition_many(
        submission.assignments.filter(reviewer_id=int(item.reviewer), status=A.SUGGESTED),
        A.CANCELLED,
        actor=None,
    )
    return ReviewAssignment.objects.create(
        submission=submission,
        reviewer_id=item.reviewer,
        status=A.SUGGESTED,
        is_internal=flags.get(item.reviewer, False),
        affinity=item.affinity,
        explanation={k: round(float(v), 3) for k, v in item.components.items()},
    )
