"""Who may use the search pages."""

from typing import Any


def can_search(user: Any) -> bool:
    """Anyone, signed in or not: the Hub-wide search only finds items the public may read."""
    return True
