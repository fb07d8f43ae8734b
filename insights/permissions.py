"""Who may see what of the insights: the gap map, the headline figures and their trends are
public (they count published items only, the same for everyone); the dashboards about the
calls' work (submissions, reviewers, late items) are for the Hub team."""

from enum import StrEnum

from accounts.permissions import is_curator
from core.permissions import Policy, Rule, anyone
from repository.models import Practice
from submissions.models import Submission


class InsightAction(StrEnum):
    VIEW = "view"  # everyone
    DASHBOARDS = "dashboards"  # the Hub team (curators and administrators)


policy = Policy(
    "insights",
    InsightAction,
    {
        InsightAction.VIEW: Rule(Practice, allowed=anyone),
        InsightAction.DASHBOARDS: Rule(Submission, allowed=is_curator),
    },
)
