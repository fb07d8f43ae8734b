"""Reads of the review workflow."""

import difflib
from typing import Any

from django.db.models import Count, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Least

from core.audit import describe_all
from core.selectors import audit_history
from submissions.choices import SubmissionStatus as S
from submissions.models import Submission
from submissions.presenters import display_value
from taxonomy.models import Language

from ..choices import AssignmentStatus as A
from ..matching.explain import suggestion_reasons
from ..matching.types import Policy, ReviewerIn
from ..models import Review, ReviewAssignment, ReviewerProfile
from ..permissions import ReviewAction, policy
from .inputs import submission_input
from .progress import review_progress
from .publication import publication_state

QUEUE_STATUSES = [
    S.SUBMITTED,
    S.SCREENING,
    S.CLARIFICATION,
    S.IN_REVIEW,
    S.AWAITING_DECISION,
    S.CHANGES_REQUESTED,
    S.APPROVED,
]


def screening_queue(*, status: str | None = None) -> QuerySet[Submission]:
    """Submissions the Hub team has to act on, oldest first, with their reviewers and how many of
    the reviews their rule requires are in (``rule_in`` of ``rule_need``)."""

    default = Policy()
    queryset = Submission.objects.filter(status__in=[status] if status else QUEUE_STATUSES)
    return (
        queryset.select_related("call", "owner")
        .annotate(
            active_reviewers=Count(
                "assignments",
                filter=Q(assignments__status__in=[A.INVITED, A.ACCEPTED, A.SUBMITTED]),
                distinct=True,
            ),
            internal_in=_reviewed_count(internal=True),
            external_in=_reviewed_count(internal=False),
            need_internal=Coalesce(
                F("call__review_internal"), Value(default.internal), output_field=IntegerField()
            ),
            need_external=Coalesce(
                F("call__review_external"), Value(default.external), output_field=IntegerField()
            ),
        )
        .annotate(
            rule_need=F("need_internal") + F("need_external"),
            rule_in=Least(F("internal_in"), F("need_internal"), output_field=IntegerField())
            + Least(F("external_in"), F("need_external"), output_field=IntegerField()),
        )
        .order_by("submitted_at", "pk")
    )


def _reviewed_count(*, internal: bool) -> Count:
    """Reviewers of one kind who sent a review (of any version), as in the review rule."""
    return Count(
        "assignments",
        filter=Q(assignments__is_internal=internal, assignments__reviews__isnull=False),
        distinct=True,
    )


def workspace_context(submission: Submission) -> dict[str, Any]:
    assignments = list(submission.assignments.select_related("reviewer").order_by("-affinity"))
    reviews = list(
        Review.objects.filter(assignment__submission=submission)
        .select_related("assignment__reviewer")
        .order_by("version", "submitted_at")
    )
    records = reviewer_records([a.reviewer_id for a in assignments])
    for assignment in assignments:
        assignment.record = records.get(assignment.reviewer_id, {})
    _attach_reasons(submission, assignments)
    current_version = submission.versions.count()
    return {
        "assignments": assignments,
        "reviews": reviews,
        "history": describe_all(audit_history(submission)),
        "current_version": current_version,
        "needs_rereview": any(
            a.status == A.SUBMITTED and a.version < current_version for a in assignments
        ),
        "flags": submission.flags.all(),
        "progress": review_progress(submission),
        "publication": publication_state(submission),
    }


def _attach_reasons(submission: Submission, assignments: list[ReviewAssignment]) -> None:
    """Each suggestion's “why suggested”, in plain words (shared objectives, language, topic)."""

    if not assignments:
        return
    wanted = submission_input(submission)
    profiles = {
        p.user_id: p
        for p in ReviewerProfile.objects.filter(
            user_id__in=[a.reviewer_id for a in assignments]
        ).prefetch_related("objectives", "reading_languages")
    }
    language = Language.objects.filter(code=wanted.language).first()
    for assignment in assignments:
        profile = profiles.get(assignment.reviewer_id)
        objectives = tuple(o.number for o in profile.objectives.all()) if profile else ()
        reads = profile is not None and any(
            lang.code == wanted.language for lang in profile.reading_languages.all()
        )
        assignment.reasons = suggestion_reasons(
            wanted,
            ReviewerIn(id=assignment.reviewer_id, text="", languages=(), objectives=objectives),
            assignment.explanation or {},
            language_name=language.name if language and reads else "",
        )


def reviewer_assignments(*, user: Any) -> QuerySet[ReviewAssignment]:
    return (
        policy.instances(user, ReviewAction.REVIEW)
        .exclude(status__in=[A.SUGGESTED, A.CANCELLED])
        .select_related("submission", "submission__call")
        .order_by("status", "due_at")
    )


def other_reviews_visible(assignment: ReviewAssignment) -> QuerySet[Review]:
    """A reviewer sees the other reviews of a version only after submitting their own."""
    mine = Review.objects.filter(assignment=assignment, version=assignment.version).exists()
    if not mine:
        return Review.objects.none()
    return Review.objects.filter(
        assignment__submission=assignment.submission, version=assignment.version
    ).exclude(assignment=assignment)


def version_diff(
    submission: Submission, old: int, new: int, *, hidden: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """Field-by-field differences between two versions, for re-reviewers: public fields only,
    and never the ``hidden`` ones (identities under blind review)."""

    versions = {v.number: v.data for v in submission.versions.filter(number__in=[old, new])}
    if old not in versions or new not in versions:
        return []
    changes = []
    for spec in submission.spec.all_fields():
        if not spec.public or spec.name in hidden:
            continue
        before, after = (
            display_value(spec, versions[old].get(spec.name)),
            display_value(spec, versions[new].get(spec.name)),
        )
        if before != after:
            diff = list(difflib.ndiff(before.split(), after.split()))
            changes.append(
                {
                    "label": spec.label,
                    "before": before,
                    "after": after,
                    "words": [(w[0], w[2:]) for w in diff if w[0] in " +-"],
                }
            )
    return changes


def reviewer_records(user_ids: list[int]) -> dict[int, dict[str, int]]:
    """Each reviewer's track record: invitations accepted, declined or unanswered, reviews sent,
    and reviews sent on time (before the due date)."""
    rows = (
        ReviewAssignment.objects.filter(reviewer_id__in=user_ids)
        .values("reviewer_id")
        .annotate(
            accepted=Count("pk", filter=Q(status__in=[A.ACCEPTED, A.SUBMITTED])),
            declined=Count("pk", filter=Q(status__in=[A.DECLINED, A.CONFLICT])),
            unanswered=Count("pk", filter=Q(status=A.EXPIRED)),
            reviews_sent=Count("reviews", distinct=True),
            on_time=Count(
                "reviews", filter=Q(reviews__submitted_at__lte=F("due_at")), distinct=True
            ),
        )
    )
    return {row.pop("reviewer_id"): row for row in rows}
