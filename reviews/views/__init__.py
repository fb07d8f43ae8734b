"""Views of peer review, split by concern: the roster, the Hub team's work, reviewers."""

from .reviewing import assignment, my_reviews, review
from .roster import application_detail, applications, apply, dashboard, roster
from .team import decide, invite, screen, screening, suggest, workspace

__all__ = [
    "application_detail",
    "applications",
    "apply",
    "assignment",
    "dashboard",
    "decide",
    "invite",
    "my_reviews",
    "review",
    "roster",
    "screen",
    "screening",
    "suggest",
    "workspace",
]
