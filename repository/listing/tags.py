"""The tags of one practice for its page, read in one query.

Six prefetch queries took a third of the practice page's time at 100,000 practices; here one
``UNION ALL`` reads every tag row, and the vocabulary rows come from the per-process cache
(``taxonomy.selectors.rows_by_id``). The lists land where ``Prefetch(..., to_attr=...)`` would
put them: plain attributes of the instance, which the page and the model read first."""

from typing import Any

from django.db import connection

from taxonomy.selectors import objectives_by_id, rows_by_id

from ..models import Practice, PracticeObjective

# The practice's many-to-many relation -> the attribute that holds its rows, in the order of
# the vocabulary (as a prefetch would give them).
TAG_LISTS = {
    "principles": "principle_list",
    "sdgs": "sdg_list",
    "countries": "country_list",
    "regions": "region_list",
}
OBJECTIVE_LIST = "objective_list"  # the PracticeObjective rows (see ObjectiveItem.objective_links)


def _tag_sql(practice: Practice) -> tuple[str, list[int]]:
    quote = connection.ops.quote_name
    parts = []
    for name in TAG_LISTS:
        f: Any = Practice._meta.get_field(name)
        through = f.remote_field.through._meta
        source = quote(through.get_field(f.m2m_field_name()).column)
        target = quote(through.get_field(f.m2m_reverse_field_name()).column)
        parts.append(
            f"SELECT '{name}', {target}, 0, 0, 0 FROM {quote(through.db_table)}"  # noqa: S608 - names from _meta
            f" WHERE {source} = %s"
        )
    link = PracticeObjective._meta
    parts.append(
        "SELECT 'objective_rows', objective_id, CASE WHEN is_primary THEN 1 ELSE 0 END,"  # noqa: S608 - names from _meta
        f" position, {quote(link.pk.column)} FROM {quote(link.db_table)} WHERE practice_id = %s"
    )
    return " UNION ALL ".join(parts), [practice.pk] * len(parts)


def _objective_row(practice: Practice, objective: Any, is_primary: int, position: int, pk: int):
    return PracticeObjective(
        pk=pk,
        practice=practice,
        objective=objective,
        is_primary=bool(is_primary),
        position=position,
    )


def attach_tags(practice: Practice) -> None:
    """Read every tag of ``practice`` in one query into its ``*_list`` attributes (see
    ``TAG_LISTS`` and ``OBJECTIVE_LIST``)."""
    sql, params = _tag_sql(practice)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    vocabularies = {
        name: rows_by_id(Practice._meta.get_field(name).related_model) for name in TAG_LISTS
    }
    lists: dict[str, list] = {name: [] for name in TAG_LISTS}
    objective_rows = []
    objectives = objectives_by_id()
    for name, target, is_primary, position, pk in found:
        if name == "objective_rows":
            objective_rows.append(
                _objective_row(practice, objectives[target], is_primary, position, pk)
            )
        else:
            lists[name].append(vocabularies[name][target])
    for name, attribute in TAG_LISTS.items():  # the vocabulary's own order
        order = {pk: i for i, pk in enumerate(vocabularies[name])}
        setattr(practice, attribute, sorted(lists[name], key=lambda row: order[row.pk]))
    setattr(practice, OBJECTIVE_LIST, objective_rows)
