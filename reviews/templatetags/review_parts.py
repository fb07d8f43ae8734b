"""Template helpers for the parts of review pages that show rubrics and files."""

from dataclasses import dataclass
from typing import Any

from django import template

from ..choices import Criterion

register = template.Library()


@dataclass(frozen=True)
class RubricRow:
    label: str
    score: Any
    comment: str


def criterion_label(key: str) -> str:
    """The translated name of a rubric criterion; an unknown (retired) key in plain words."""
    if key in Criterion.values:
        return str(Criterion(key).label)
    return key.replace("_", " ").capitalize()


@register.simple_tag
def rubric_rows(review: Any) -> list[RubricRow]:
    """Every criterion the review scored or commented on, in the rubric's order, by name."""
    scores, comments = review.scores or {}, review.comments or {}
    keys = [c.value for c in Criterion if c.value in scores or c.value in comments]
    keys += sorted((set(scores) | set(comments)) - set(keys))
    return [RubricRow(criterion_label(k), scores.get(k, ""), comments.get(k, "")) for k in keys]


@register.simple_tag
def current_attachments(submission: Any) -> list[Any]:
    """The files attached to a submission and not removed, oldest first."""
    return list(
        submission.attachments.filter(removed_at__isnull=True)
        .select_related("uploaded_by")
        .order_by("created_at", "pk")
    )
