"""Views of peer review, split by concern: the roster, the Hub team's work, reviewers."""

from .reviewing import assignment, assignment_file, my_reviews, review
from .roster import application_detail, applications, apply, dashboard, roster
from .team import decide, invite, publish, screen, screening, suggest, workspace

__all__ = [
    "application_detail",
    "applications",
    "apply",
    "assignment",
    "assignment_file",
    "dashboard",
    "decide",
    "invite",
    "my_reviews",
    "publish",
    "review",
    "roster",
    "screen",
    "screening",
    "suggest",
    "workspace",
]
