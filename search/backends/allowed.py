"""The facet filter handed to the index: which item ids may appear in the results.

Callers pass a queryset (preferred: it stays a subquery, so the database filters before ranking)
or any iterable of ids. Backends read it as SQL (``d.object_id IN (...)``) or as a numpy array.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db.models import QuerySet
from numpy.typing import NDArray

from .lexical import Allowed


@dataclass
class AllowedIds:
    """A restriction of the candidate items, as SQL and (loaded on demand) as an id array."""

    queryset: QuerySet | None = None
    ids: frozenset[int] = field(default_factory=frozenset)

    def as_sql(self) -> Allowed:
        """An ``AND d.object_id IN (...)`` condition and its parameters."""
        if self.queryset is not None:
            sql, params = self.queryset.order_by().values("pk").query.sql_with_params()
            return f"AND d.object_id IN ({sql})", list(params)
        if not self.ids:
            return "AND 1 = 0", []
        listed = ",".join(str(int(pk)) for pk in sorted(self.ids))  # ints only: safe to inline
        return f"AND d.object_id IN ({listed})", []

    def array(self) -> NDArray[np.int64]:
        """The allowed ids (one query when a queryset was given)."""
        if self.queryset is not None:
            pks = self.queryset.order_by().values_list("pk", flat=True)
            return np.fromiter(pks, dtype=np.int64)
        return np.fromiter(self.ids, dtype=np.int64, count=len(self.ids))


def allowed_from(value: QuerySet | Iterable[int] | None) -> AllowedIds | None:
    """Normalise the ``allowed_ids`` argument of the public API; None means no restriction."""
    if value is None:
        return None
    if isinstance(value, QuerySet):
        return AllowedIds(queryset=value)
    return AllowedIds(ids=frozenset(int(pk) for pk in value))
