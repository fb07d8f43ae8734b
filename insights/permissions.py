"""Who may see what of the insights: the gap map and the headline figures are public (they count
published items only, the same for everyone)."""

from typing import Any


def can_view_insights(user: Any) -> bool:
    return True
