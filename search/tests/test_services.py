"""Keeping the index current: tasks, removal on unpublish, idempotent and stale reindexing."""

import numpy as np
import pytest
from django.core.management import call_command

from repository.models import Practice
from repository.services import practice_unpublish, practice_update
from search.models import SearchDocument
from search.registry import for_key, for_model
from search.selectors import search
from search.services import reindex, stale_queryset
from search.tasks import index_item_task, index_items_task
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_reindex_is_idempotent(corpus):
    before = {d.object_id: (d.title, bytes(d.vector)) for d in SearchDocument.objects.all()}
    result = reindex()
    after = {d.object_id: (d.title, bytes(d.vector)) for d in SearchDocument.objects.all()}
    assert result.indexed == len(corpus)
    assert result.removed == 0
    assert after == before
    assert SearchDocument.objects.count() == len(corpus)


def test_documents_hold_unit_float32_vectors_and_the_language(corpus):
    doc = SearchDocument.objects.get(object_id=corpus["treaty"].pk)
    vector = doc.as_array()
    assert vector.shape == (512,)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
    assert doc.language == "fr"


def test_unpublish_then_task_removes_the_document(corpus):
    practice = corpus["remittances"]
    practice_unpublish(practice=practice)
    assert index_item_task.enqueue("repository.Practice", practice.pk).return_value is False
    assert not SearchDocument.objects.filter(object_id=practice.pk).exists()
    assert practice.pk not in search("remittances mobile money", model=Practice)


def test_task_on_a_deleted_item_removes_its_document(corpus):
    pk = corpus["climate"].pk
    Practice.objects.filter(pk=pk).delete()
    index_item_task.enqueue("repository.Practice", pk)
    assert not SearchDocument.objects.filter(object_id=pk).exists()


def test_stale_reindex_refreshes_only_changed_items(corpus):
    assert not stale_queryset(for_key("practices")).exists()
    practice_update(practice=corpus["climate"], title="Relocalización de pueblos costeros")
    assert list(stale_queryset(for_key("practices"))) == [corpus["climate"]]
    result = reindex(stale=True)
    assert result.indexed == 1
    assert SearchDocument.objects.get(object_id=corpus["climate"].pk).title.startswith("Reloc")


def test_reindex_drops_documents_of_unpublished_items(corpus):
    Practice.objects.filter(pk=corpus["treaty"].pk).update(status="unpublished")
    assert reindex(stale=True).removed == 1
    assert search("traité", model=Practice, mode="lexical") == []


def test_resources_are_indexed_apart_from_practices(corpus):
    resource = ResourceFactory(title="Remittance corridors report")
    reindex(models=["resources"])
    assert search("remittance corridors", model=type(resource), mode="lexical") == [resource.pk]
    assert resource.pk not in search("remittance corridors", model=Practice, mode="lexical")


def test_registry_builds_document_text_from_declared_fields(corpus):
    doc = for_model(Practice).document(corpus["treaty"])
    assert doc.language == "fr"
    assert doc.title.startswith("Traité")
    assert "Ministry of Tests" in doc.body  # the implementer is a body field
    with pytest.raises(LookupError):
        for_key("events")


def test_reindex_command_reports_counts(corpus, capsys):
    call_command("reindex", "--model", "practices", "--batch", "2", verbosity=0)
    out = capsys.readouterr().out
    assert f"Indexed {len(corpus)} item(s), removed 0, computed {len(corpus)} list(s)" in out
    call_command("reindex", "--stale", verbosity=0)
    assert "Indexed 0 item(s), removed 0, computed 0 list(s)" in capsys.readouterr().out


def test_batch_task_indexes_published_and_removes_the_rest(corpus):
    keep, drop = corpus["treaty"], corpus["schooling"]
    Practice.objects.filter(pk=drop.pk).update(status="unpublished")
    SearchDocument.objects.filter(object_id=keep.pk).delete()
    result = index_items_task.enqueue("repository.Practice", [keep.pk, drop.pk, 999_999])
    assert result.return_value == 1
    assert SearchDocument.objects.filter(object_id=keep.pk).exists()
    assert not SearchDocument.objects.filter(object_id=drop.pk).exists()


def test_indexing_task_run_twice_keeps_one_document(corpus):
    """At-least-once delivery: indexing the same item again replaces its document."""
    practice = corpus["remittances"]
    assert index_item_task.enqueue("repository.Practice", practice.pk).return_value is True
    assert index_item_task.enqueue("repository.Practice", practice.pk).return_value is True
    assert SearchDocument.objects.filter(object_id=practice.pk).count() == 1
