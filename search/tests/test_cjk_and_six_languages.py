"""Lexical search in Chinese, Russian and Arabic: Chinese is cut into character pairs at index
and query time, on SQLite as on PostgreSQL; Russian and Arabic function words are dropped."""

import pytest
from django.db import connection

from repository.models import Practice
from search.backends.cjk import cjk_bigrams
from search.backends.lexical import query_terms
from search.models import SearchDocument
from search.selectors import search
from search.services import reindex
from taxonomy.models import Language
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_chinese_runs_become_overlapping_character_pairs():
    assert cjk_bigrams("国际移民组织") == " 国际 际移 移民 民组 组织 "
    assert cjk_bigrams("COVID-19 与移民") == "COVID-19  与移 移民 "
    assert cjk_bigrams("水") == " 水 "
    assert cjk_bigrams("Migration and remittances") == "Migration and remittances"


def test_query_terms_cut_chinese_and_drop_russian_and_arabic_function_words():
    assert query_terms("移民政策") == ["移民", "民政", "政策"]
    assert query_terms("水") == ["水"]
    assert query_terms("защита детей и мигрантов") == ["защита", "детей", "мигрантов"]
    assert query_terms("حماية الأطفال في المدارس") == ["حماية", "الأطفال", "المدارس"]


@pytest.fixture
def chinese_and_russian():
    def practice(code: str, title: str, summary: str) -> Practice:
        language = Language.objects.get(code=code)
        return PracticeFactory(language=language, title=title, summary=summary)

    items = {
        "zh": practice("zh", "城市移民融合中心", "为新到的移民家庭提供语言课程和就业咨询。"),
        "zh_other": practice("zh", "海关数据共享平台", "各国海关之间交换货物申报数据。"),
        "ru": practice(
            "ru", "Защита детей-мигрантов", "Социальные работники сопровождают детей на границе."
        ),
    }
    reindex()
    return items


def test_a_chinese_word_inside_a_longer_run_is_found(chinese_and_russian):
    found = search("移民", model=Practice, mode="lexical", language="zh-hans")
    assert found == [chinese_and_russian["zh"].pk]
    found = search("就业咨询", model=Practice, mode="lexical", language="zh-hans")
    assert found == [chinese_and_russian["zh"].pk]
    stored = SearchDocument.objects.get(object_id=chinese_and_russian["zh"].pk)
    assert "移民 民融" in stored.title


def test_russian_lexical_search_finds_the_russian_practice(chinese_and_russian):
    found = search("защита детей", model=Practice, mode="lexical", language="ru")
    assert found == [chinese_and_russian["ru"].pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's configurations")
def test_russian_configuration_matches_inflected_forms(chinese_and_russian):
    # "дети" is not in the text; the russian stemmer joins it with "детей".
    found = search("дети", model=Practice, mode="lexical", language="ru")
    assert found == [chinese_and_russian["ru"].pk]
