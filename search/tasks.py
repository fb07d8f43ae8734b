"""Background work of the index: keep items' documents current after they changed."""

from django.apps import apps
from django_tasks import task

from core.tasks import register_tasks

from .registry import for_model
from .services import index_chunk, index_item, index_items, remove_ids


@task()
def index_item_task(model_label: str, pk: int) -> bool:
    """Index (or remove, when no longer published or deleted) the item ``model_label``/``pk``.

    Content services enqueue this on commit after publishing, editing, retagging or unpublishing.
    Returns True when the item is in the index afterwards.
    """
    model = apps.get_model(model_label)
    item = model._default_manager.filter(pk=pk).first()
    if item is None:
        remove_ids(model_label, [pk])
        return False
    return index_item(item)


@task()
def index_items_task(model_label: str, pks: list[int]) -> int:
    """The batch form for imports: index the indexable items among ``pks``, remove the others.

    Returns how many items are in the index afterwards.
    """
    contribution = for_model(model_label)
    items = list(contribution.queryset().filter(pk__in=pks).order_by("pk"))
    present = {item.pk for item in items}
    remove_ids(model_label, [pk for pk in pks if pk not in present])
    return index_items(contribution, items)


@task()
def index_chunk_task(key: str, first: int, last: int, stale: bool, batch: int) -> int:
    """One chunk of ``reindex``: the items of contribution ``key`` with a primary key in
    ``first``..``last`` (only the stale ones with ``stale``), ``batch`` encoded at once.

    Idempotent (delivered twice, it rewrites the same documents). Returns how many it indexed."""
    return index_chunk(key, first, last, stale=stale, batch=batch)


register_tasks(index_item_task, index_items_task, index_chunk_task)
