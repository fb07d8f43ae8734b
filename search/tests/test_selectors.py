"""Ranked search, similar items and duplicate warnings, on the real multilingual encoder."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from repository.models import Practice
from search.selectors import SEMANTIC_FLOOR, match, possible_duplicates, search, similar
from search.services import index_item, reindex, remove_item
from taxonomy.models import Language
from tests.factories import PracticeFactory

from .conftest import make_practice

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_fts5_folds_accents_in_title_words(corpus):
    assert search("traite", model=Practice, mode="lexical") == [corpus["treaty"].pk]
    assert search("TRAITÉ bilatéral", model=Practice, mode="lexical")[0] == corpus["treaty"].pk


def test_lexical_finds_title_words_and_nothing_for_unknown_words(corpus):
    assert search("remittances", model=Practice, mode="lexical") == [corpus["remittances"].pk]
    assert search("zzzqqq", model=Practice, mode="lexical") == []
    assert search("   ", model=Practice) == []


def test_semantic_finds_english_child_trafficking_from_french(corpus):
    ranked = search("traite des enfants", model=Practice, mode="semantic", language="fr")
    assert ranked[0] == corpus["child_trafficking"].pk
    assert set(ranked) == {item.pk for item in corpus.values()}


def test_hybrid_ranks_the_cross_lingual_answer_first(corpus):
    ranked = search("traite des enfants", model=Practice, language="fr")
    assert ranked[0] == corpus["child_trafficking"].pk
    ranked = search("envoyer de l'argent au pays", model=Practice, language="fr")
    assert ranked[0] == corpus["remittances"].pk


def test_hybrid_keeps_an_exact_same_language_match_first(corpus):
    ranked = search("traité bilatéral mobilité", model=Practice, language="fr")
    assert ranked[0] == corpus["treaty"].pk


def test_an_unrelated_document_below_the_relevance_floor_is_not_returned(corpus):
    found = match("trafficking", model=Practice, language="en")
    cosines = dict(found.semantic)
    ranked = search("trafficking", model=Practice, language="en")
    assert ranked[0] == corpus["child_trafficking"].pk
    assert corpus["remittances"].pk not in ranked
    unrelated = search("trafficking", model=Practice, mode="semantic", language="en")
    assert corpus["remittances"].pk in unrelated  # the semantic side alone lists everything
    assert all(cos >= SEMANTIC_FLOOR for cos in cosines.values())


def test_lexical_words_cannot_bring_in_a_document_far_in_meaning(corpus):
    # « traite » (trafficking) folds to « Traité » (treaty): a lexical hit, far in meaning
    ranked = search("traite des enfants aux frontières", model=Practice, language="fr")
    assert ranked[0] == corpus["child_trafficking"].pk
    assert corpus["treaty"].pk not in ranked


def test_hybrid_keeps_the_semantic_top_hit_when_lexical_disagrees(corpus):
    # lexical search prefers the French treaty (it shares « bilatéral »), meaning prefers the
    # English remittances practice; the meaning wins
    query = "frais des transferts d'argent bilatéral"
    lexical = search(query, model=Practice, mode="lexical", language="fr")
    semantic = search(query, model=Practice, mode="semantic", language="fr")
    if connection.vendor == "sqlite":  # PostgreSQL's French configuration needs every word
        assert lexical[0] == corpus["treaty"].pk
    assert semantic[0] == corpus["remittances"].pk
    assert search(query, model=Practice, language="fr")[0] == corpus["remittances"].pk


def test_a_one_word_query_is_read_through_the_items_written_with_it(corpus):
    hotline = PracticeFactory(
        title="Línea gratuita contra la trata",
        summary="Una línea telefónica recibe denuncias de trata de personas y orienta a las "
        "víctimas hacia refugios y asistencia legal.",
        language=Language.objects.get(code="es"),
    )
    index_item(hotline)
    ranked = search("trata", model=Practice, language="es")
    assert ranked[0] == hotline.pk
    assert corpus["remittances"].pk not in ranked


@pytest.mark.parametrize("mode", ["hybrid", "semantic", "lexical"])
def test_facet_filters_apply_before_ranking(corpus, mode):
    spanish = Practice.objects.published().filter(language__code="es")
    ranked = search("niños", model=Practice, allowed_ids=spanish, limit=1, mode=mode)
    assert ranked == [corpus["schooling"].pk]
    by_ids = search("child trafficking", model=Practice, allowed_ids={corpus["climate"].pk})
    assert by_ids in ([corpus["climate"].pk], [])
    assert search("child trafficking", model=Practice, allowed_ids=[]) == []


def test_unknown_mode_is_refused(corpus):
    with pytest.raises(ValueError, match="mode"):
        search("x", model=Practice, mode="fuzzy")  # type: ignore[arg-type]


def test_similar_excludes_the_item_and_unpublished_ones(corpus):
    neighbours = similar(corpus["child_trafficking"], limit=10)
    assert corpus["child_trafficking"].pk not in neighbours
    assert len(neighbours) == len(corpus) - 1
    Practice.objects.filter(pk=corpus["schooling"].pk).update(status="unpublished")
    assert corpus["schooling"].pk not in similar(corpus["child_trafficking"], limit=10)


def test_similar_works_for_an_item_not_yet_indexed(corpus):
    fresh = make_practice("child_trafficking", slug="copy", status="unpublished")
    assert similar(fresh, limit=1) == [corpus["child_trafficking"].pk]


def test_possible_duplicates_flags_near_copies_only(corpus):
    _lang, title, summary = "en", corpus["remittances"].title, corpus["remittances"].summary
    assert possible_duplicates(f"{title}. {summary}", model=Practice) == [corpus["remittances"].pk]
    assert possible_duplicates("Vaccination campaign for cattle", model=Practice) == []
    assert possible_duplicates("", model=Practice) == []


def test_index_item_makes_a_new_practice_findable(corpus):
    practice = make_practice("treaty", slug="treaty-2", title="Kakuma youth football league")
    remove_item(practice)  # the test factory indexes what it creates; start unindexed
    assert practice.pk not in search("Kakuma", model=Practice)
    assert index_item(practice) is True
    assert search("Kakuma", model=Practice)[0] == practice.pk


def test_search_runs_a_constant_number_of_queries(corpus):
    allowed = Practice.objects.published().filter(language__code__in=["en", "fr"])
    search("child trafficking", model=Practice, allowed_ids=allowed)  # warm the matrix cache
    with CaptureQueriesContext(connection) as few:
        search("child trafficking", model=Practice, allowed_ids=allowed)
    for n in range(5):
        make_practice("remittances", slug=f"more-{n}", title=f"Remittance scheme {n}")

    reindex()
    search("child trafficking", model=Practice, allowed_ids=allowed)
    with CaptureQueriesContext(connection) as many:
        search("child trafficking", model=Practice, allowed_ids=allowed)
    assert len(many) == len(few) <= 10  # pgvector adds savepoints and two SET LOCAL
