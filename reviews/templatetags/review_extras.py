"""Template helpers of peer review: the conflict-of-interest notice of an invitation (page and
e-mail share its wording), the rubric's criteria and the kinds of personal data by their names."""

from typing import Any

from django import template

from submissions.safeguarding import finding_kind_label as kind_label

from ..choices import Criterion
from ..selectors.conflicts import conflict_check

register = template.Library()


@register.inclusion_tag("reviews/includes/_conflict_notice.html")
def conflict_notice(assignment: Any) -> dict[str, Any]:
    return {"check": conflict_check(assignment)}


@register.filter
def criterion_label(value: str) -> str:
    """A rubric criterion by its translated name (the stored key if it is no longer known)."""
    try:
        return str(Criterion(value).label)
    except ValueError:
        return value.replace("_", " ")


@register.filter
def finding_kind_label(value: str) -> str:
    """A kind of personal data found by the safeguarding check, in words."""
    return kind_label(value)
