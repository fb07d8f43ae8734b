"""The vendor backends and the fusion rule, each on its own."""

import numpy as np
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from repository.models import Practice
from search import services
from search.backends import schema
from search.backends import vectors as vector_backends
from search.backends.lexical import Fts5Lexical, PostgresLexical, get_lexical, query_terms
from search.backends.vectors import NumpyVectors, PgVectors, get_vectors, pgvector_ready, top_k
from search.fusion import FusionParams, agreement, fuse, trusted_lexical
from search.selectors import encode_query, search
from search.services import reindex
from tests.factories import PracticeFactory

from .conftest import make_practice, require_pgvector

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def test_query_terms_drop_function_words_in_three_languages():
    assert query_terms("Traite des enfants aux frontières") == ["traite", "enfants", "frontières"]
    assert query_terms("how do countries recognise the diplomas?") == [
        "countries",
        "recognise",
        "diplomas",
    ]
    assert query_terms("¿Qué es la trata?") == ["trata"]


def test_backend_follows_the_database_vendor():
    expected = PostgresLexical if connection.vendor == "postgresql" else Fts5Lexical
    assert isinstance(get_lexical(), expected)


@pytest.mark.django_db
def test_numpy_is_the_vector_store_without_pgvector():
    if not pgvector_ready():
        assert isinstance(get_vectors(), NumpyVectors)


@postgres_only
@pytest.mark.django_db
def test_postgres_stems_in_the_ui_language_and_matches_simple_words():
    practice = make_practice("treaty", summary="Des enfants scolarisés et des familles aidées.")
    other = make_practice("remittances")

    reindex()
    assert search("enfant", model=Practice, mode="lexical", language="fr") == [practice.pk]
    assert search("money", model=Practice, mode="lexical", language="es") == [other.pk]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_searchdocument WHERE tsv IS NOT NULL")
        assert cursor.fetchone()[0] == 2


def test_top_k_orders_by_score_then_id():
    scores = np.array([0.1, 0.9, 0.5, 0.9], dtype=np.float32)
    ids = np.array([10, 20, 30, 5], dtype=np.int64)
    assert [pk for pk, _s in top_k(scores, ids, 3)] == [5, 20, 30]
    assert top_k(scores, ids, 0) == []


def test_lexical_noise_below_the_relative_floor_is_ignored():
    hits = [(1, 10.0), (2, 8.0), (3, 2.0)]
    assert trusted_lexical(hits, FusionParams(min_relative=0.75)) == [(1, 10.0), (2, 8.0)]
    assert trusted_lexical(hits, FusionParams(min_relative=0.1, lexical_depth=2)) == hits[:2]


def test_fusion_never_adds_an_item_the_semantic_side_did_not_retrieve():
    semantic = [(pk, 0.9 - pk / 100) for pk in range(1, 11)]
    lexical = [(99, 50.0), *[(pk, 5.0) for pk in range(1, 11)]]  # full agreement
    assert 99 not in fuse(semantic, lexical)


def test_fusion_keeps_semantic_order_when_lexical_disagrees():
    semantic = [(pk, 1.0 - pk / 100) for pk in range(1, 21)]
    lexical = [(20, 9.0), (19, 9.0), (99, 5.0)]  # found 0 of the semantic top 10
    assert agreement([pk for pk, _s in semantic], lexical, 10) == 0.0
    assert fuse(semantic, lexical) == list(range(1, 21))


def test_fusion_lets_agreeing_lexical_evidence_reorder_close_cosines_only():
    semantic = [(1, 0.60), *[(pk, 0.50 - pk / 1000) for pk in range(2, 21)]]
    lexical = [(3, 9.0), *[(pk, 5.0) for pk in range(2, 11) if pk != 3]]  # 9 of the top 10
    assert agreement([pk for pk, _s in semantic], lexical, 10) == 0.9
    ranked = fuse(semantic, lexical)
    assert ranked[:2] == [3, 1]  # 0.497 + 0.24 overtakes 0.60
    assert fuse(semantic, lexical, FusionParams(boost=0.1))[:2] == [1, 3]  # 0.497 + 0.08 does not


@pytest.mark.django_db
def test_pgvector_answers_like_numpy_when_present(corpus, caplog):

    require_pgvector()
    assert isinstance(get_vectors(), PgVectors)
    ct = ContentType.objects.get_for_model(Practice).pk
    vector = encode_query("traite des enfants")
    allowed = None
    pg = PgVectors().nearest(vector, content_type_id=ct, allowed=allowed, limit=3)
    numpy = NumpyVectors().nearest(vector, content_type_id=ct, allowed=allowed, limit=3)
    assert [pk for pk, _s in pg] == [pk for pk, _s in numpy]
    assert pg[0][1] == pytest.approx(numpy[0][1], abs=1e-4)
    assert pg[0][0] == corpus["child_trafficking"].pk
    assert "pgvector query failed" not in caplog.text  # answered by pgvector, no fallback


@pytest.mark.django_db
def test_cosines_of_listed_items_match_between_stores(corpus):

    ct = ContentType.objects.get_for_model(Practice).pk
    vector = encode_query("remittances")
    ids = [corpus["remittances"].pk, corpus["treaty"].pk, 999_999]
    numpy = NumpyVectors().cosines(vector, content_type_id=ct, ids=ids)
    assert set(numpy) == set(ids[:2])
    assert numpy[ids[0]] > numpy[ids[1]]
    if pgvector_ready():
        pg = PgVectors().cosines(vector, content_type_id=ct, ids=ids)
        assert pg == pytest.approx(numpy, abs=1e-4)


def _has_vector_index() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [schema.VECTOR_INDEX])
        return cursor.fetchone() is not None


@pytest.mark.django_db(transaction=True)  # DDL: refused beside pending deferred checks
def test_large_rebuild_writes_without_the_hnsw_index_and_builds_it_again(vocabulary, monkeypatch):
    require_pgvector()
    for title in ("Shelters for survivors", "Border monitoring", "Labour inspections"):
        PracticeFactory(title=title)
    monkeypatch.setattr(schema, "SUSPEND_ABOVE", 2)
    seen = []
    real = services.index_items

    def watching(*args, **kwargs):
        seen.append(_has_vector_index())
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "index_items", watching)
    reindex()
    assert seen
    assert not any(seen)  # written without it
    assert _has_vector_index()
    with pytest.raises(RuntimeError), schema.vector_index_suspended(connection, rows=5):
        raise RuntimeError("the rebuild failed")
    assert _has_vector_index()  # back even so
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {schema.VECTOR_INDEX}")  # as after a killed rebuild
    schema.ensure_schema(connection)
    assert _has_vector_index()


@pytest.mark.django_db
def test_search_falls_back_to_numpy_where_pgvector_is_missing(corpus, monkeypatch):
    """The numpy path stays tested on PostgreSQL too: without the extension (or its column),
    the vectors come from the in-process matrix and search finds the same first practice."""
    with_store = search("trafic d'enfants aux frontières", model=Practice)
    monkeypatch.setattr(vector_backends, "pgvector_ready", lambda: False)
    assert isinstance(get_vectors(), NumpyVectors)
    without = search("trafic d'enfants aux frontières", model=Practice)
    assert without[0] == with_store[0] == corpus["child_trafficking"].pk
