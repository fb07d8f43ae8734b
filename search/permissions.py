"""Who may use the search pages."""

from enum import StrEnum

from core.permissions import Policy, Rule, anyone

from .models import SearchDocument


class SearchAction(StrEnum):
    SEARCH = "search"  # anyone: the Hub-wide search only finds items the public may read


policy = Policy("search", SearchAction, {SearchAction.SEARCH: Rule(SearchDocument, allowed=anyone)})
