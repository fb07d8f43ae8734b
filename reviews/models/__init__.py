"""Peer review: the roster of reviewers, assignments, reviews and decisions."""

from .roster import ReviewerProfile, RosterApplication
from .workflow import Decision, MessageTemplate, Review, ReviewAssignment

__all__ = [
    "Decision",
    "MessageTemplate",
    "Review",
    "ReviewAssignment",
    "ReviewerProfile",
    "RosterApplication",
]
