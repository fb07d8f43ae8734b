"""The conflict-of-interest notice of a review invitation (page and e-mail share its wording)."""

from typing import Any

from django import template

from ..selectors.conflicts import conflict_check

register = template.Library()


@register.inclusion_tag("reviews/includes/_conflict_notice.html")
def conflict_notice(assignment: Any) -> dict[str, Any]:
    return {"check": conflict_check(assignment)}
