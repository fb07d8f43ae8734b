"""Who may see what of the insights: the gap map and the headline figures are public (they count
published items only, the same for everyone)."""

from enum import StrEnum

from core.permissions import Policy, Rule, anyone
from repository.models import Practice


class InsightAction(StrEnum):
    VIEW = "view"  # everyone


policy = Policy("insights", InsightAction, {InsightAction.VIEW: Rule(Practice, allowed=anyone)})
