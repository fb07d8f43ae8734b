"""Stored lists of similar items: exact after reindex, kept current by the index task."""

import numpy as np
import pytest

from repository.models import Practice
from repository.services import practice_unpublish
from search import neighbours
from search.models import NeighbourList, SearchDocument
from search.neighbours import link_all
from search.selectors import similar
from search.services import reindex
from search.tasks import index_item_task

from .conftest import make_practice

pytestmark = pytest.mark.django_db


def exact_lists(keep: int) -> dict[int, list[int]]:
    """Brute force over the stored vectors: each document's nearest others, best first."""
    docs = list(SearchDocument.objects.order_by("object_id"))
    ids = [d.object_id for d in docs]
    matrix = np.stack([d.as_array() for d in docs])
    scores = matrix @ matrix.T
    lists = {}
    for row, pk in enumerate(ids):
        others = [(float(scores[row, col]), ids[col]) for col in range(len(ids)) if col != row]
        lists[pk] = [other for _score, other in sorted(others, key=lambda e: (-e[0], e[1]))][:keep]
    return lists


def stored_lists() -> dict[int, list[int]]:
    return {
        n.document.object_id: [int(pk) for pk, _ in n.items]
        for n in NeighbourList.objects.select_related("document")
    }


def stored(practice) -> NeighbourList:
    return NeighbourList.objects.get(document__object_id=practice.pk)


def test_reindex_stores_the_exact_nearest_items_best_first(corpus):
    assert stored_lists() == exact_lists(neighbours.KEPT)
    cosines = [score for _pk, score in stored(corpus["treaty"]).items]
    assert cosines == sorted(cosines, reverse=True)
    assert stored(corpus["treaty"]).floor == neighbours.OPEN  # fewer than KEPT others: room left


def test_short_lists_keep_their_floor_and_a_closer_newcomer_gets_in(corpus, monkeypatch):
    monkeypatch.setattr(neighbours, "KEPT", 2)
    reindex()
    assert stored_lists() == exact_lists(2)
    kept = stored(corpus["child_trafficking"])
    assert kept.floor == pytest.approx(kept.items[-1][1])
    twin = make_practice("child_trafficking", title="Protecting children from trafficking")
    assert index_item_task.enqueue("repository.Practice", twin.pk).return_value is True
    # The newcomer's own list is exact, and the practice it nearly copies now lists it first.
    assert stored_lists()[twin.pk] == exact_lists(2)[twin.pk]
    assert stored_lists()[corpus["child_trafficking"].pk][0] == twin.pk


def test_pass_over_unlinked_documents_gives_everyone_exact_lists(corpus, monkeypatch):
    monkeypatch.setattr(neighbours, "KEPT", 2)
    reindex()
    newcomer = make_practice("remittances", title="Mobile money for remittances")
    reindex(stale=True)  # one by one through the vector store
    assert stored_lists() == exact_lists(2)
    NeighbourList.objects.filter(
        document__object_id__in=[newcomer.pk, corpus["treaty"].pk]
    ).delete()
    monkeypatch.setattr(neighbours, "BATCH", 1)  # the matrix pass, in several batches
    assert link_all(SearchDocument.objects.first().content_type_id, only_unlinked=True) == 2
    assert stored_lists() == exact_lists(2)


def test_unpublished_item_leaves_the_lists_of_the_others(corpus):
    gone = corpus["remittances"]
    assert any(gone.pk in ids for ids in stored_lists().values())
    practice_unpublish(practice=gone)
    index_item_task.enqueue("repository.Practice", gone.pk)
    assert not any(gone.pk in ids for ids in stored_lists().values())
    assert not NeighbourList.objects.exclude(floor=neighbours.OPEN).exists()


def test_similar_reads_the_stored_list_and_checks_it_is_still_published(corpus):
    treaty, others = corpus["treaty"], [corpus[k] for k in ("climate", "schooling", "remittances")]
    kept = stored(treaty)
    kept.items = [[p.pk, 0.5 - i / 10] for i, p in enumerate(others)]
    kept.save()
    assert similar(treaty, limit=3) == [p.pk for p in others]
    Practice.objects.filter(pk=others[0].pk).update(status="unpublished")
    assert similar(treaty, limit=3) == [p.pk for p in others[1:]]


def test_similar_asks_the_vector_store_when_no_list_was_computed(corpus):
    NeighbourList.objects.all().delete()
    treaty = corpus["treaty"]
    assert similar(treaty, limit=4) == exact_lists(4)[treaty.pk]
