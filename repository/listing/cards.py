"""The cards of a listing (and of the other lists of items: related, similar, collected),
read as plain values in one query."""

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from taxonomy.selectors import objectives_by_id

from ..choices import PublicationStatus
from ..models import Practice, PracticeObjective, ResourceObjective


@dataclass
class Card:
    """What a listing card shows of a practice or resource, read as plain values: building
    twenty model instances with their prefetches took a quarter of the listing's time."""

    pk: int
    kind: str
    slug: str
    title: str
    text: str  # summary or abstract
    by: str  # implementer or publisher
    year: int | None
    language: SimpleNamespace
    primary_objectives: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        return self.text

    @property
    def abstract(self) -> str:
        return self.text

    @property
    def implementer(self) -> str:
        return self.by

    @property
    def publisher(self) -> str:
        return self.by

    def get_absolute_url(self) -> str:
        return reverse(f"repository:{self.kind}_detail", kwargs={"slug": self.slug})


def _card_columns(model: Any) -> tuple[str, str, str, str, str]:
    """kind, text, by, year fields and the objective link's foreign key of a model's cards."""
    if model is Practice:
        return "practice", "summary", "implementer", "start_year", "practice"
    return "resource", "abstract", "publisher", "year", "resource"


def _cards_sql(model: Any, count: int) -> str:
    """One query for ``count`` items' cards, with their status: one row per primary objective
    (an item without one comes once, with NULL), in id then objective order. Names from
    ``_meta``. The status is checked by the caller, not in ``WHERE``: given both, SQLite chose
    the status index and read every published row (12 ms at 100,000) instead of ``count``."""
    quote = connection.ops.quote_name
    _kind, text, by, year, fk = _card_columns(model)
    meta, link = model._meta, (PracticeObjective if model is Practice else ResourceObjective)._meta

    def column(name: str) -> str:
        found: Any = meta.get_field(name)
        return quote(found.column)

    language: Any = meta.get_field("language")
    link_field: Any = link.get_field(fk)
    link_fk = quote(link_field.column)
    pk = quote(meta.pk.column)
    columns = ", ".join(f"i.{column(name)}" for name in ("slug", "title", text, by, year))
    return (
        f"SELECT i.{pk}, {columns}, l.{quote('code')}, o.{quote('objective_id')},"  # noqa: S608
        f" i.{column('status')}"
        f" FROM {quote(meta.db_table)} i"
        f" JOIN {quote(language.related_model._meta.db_table)} l"
        f" ON l.{quote(language.target_field.column)} = i.{quote(language.column)}"
        f" LEFT JOIN {quote(link.db_table)} o ON o.{link_fk} = i.{pk} AND o.{quote('is_primary')}"
        f" WHERE i.{pk} IN ({', '.join(['%s'] * count)})"
        f" ORDER BY i.{pk}, o.{quote('position')}, o.{quote(link.pk.column)}"
    )


def _cards_by_id(model: Any, ids: list[int]) -> dict[int, Card]:
    """The cards of the published items among ``ids`` in one query: the ORM's two queries and
    their compilation were a sixth of a practice page's time at 100,000 practices."""
    if not ids:
        return {}
    kind = _card_columns(model)[0]
    with connection.cursor() as cursor:
        cursor.execute(_cards_sql(model, len(ids)), ids)
        rows = cursor.fetchall()
    objectives = objectives_by_id()
    cards: dict[int, Card] = {}
    for pk, slug, title, words, name, when, code, objective_id, status in rows:
        if status != PublicationStatus.PUBLISHED:
            continue
        card = cards.get(pk)
        if card is None:
            card = cards[pk] = Card(
                pk, kind, slug, title, words, name, when, SimpleNamespace(code=code)
            )
        if objective_id is not None:
            card.primary_objectives.append(objectives[objective_id])
    return cards


def item_cards(model: Any, ids: list[int] | QuerySet) -> list[Card]:
    """The cards of published items: ``ids`` in that order (one query), or the items of an
    ordered, sliced queryset of published items in its order (two queries)."""
    if not isinstance(ids, QuerySet):
        found = _cards_by_id(model, [int(pk) for pk in ids])
        return [found[pk] for pk in ids if pk in found]
    kind, text, by, year, fk = _card_columns(model)
    values = ids.values_list("pk", "slug", "title", text, by, year, "language__code")
    cards = {
        pk: Card(pk, kind, slug, title, words, name, when, SimpleNamespace(code=code))
        for pk, slug, title, words, name, when, code in values
    }
    link = PracticeObjective if model is Practice else ResourceObjective
    primary = link.objects.filter(**{f"{fk}_id__in": list(cards)}, is_primary=True)
    objectives = objectives_by_id()
    for item_id, objective_id in primary.order_by("position", "pk").values_list(
        f"{fk}_id", "objective_id"
    ):
        cards[item_id].primary_objectives.append(objectives[objective_id])
    return list(cards.values())


class ItemPage:
    """The ordered ids of a listing as a sequence the paginator slices: only the page's cards
    are read from the database."""

    def __init__(self, ids: Any, model: Any) -> None:
        self.ids, self.model = ids, model

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list[Card]:
        return item_cards(self.model, [int(pk) for pk in self.ids[window]])
