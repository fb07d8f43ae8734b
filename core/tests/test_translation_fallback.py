"""Editorial text missing in the reader's language is shown in another one, and the page says
so (a notice, and the fallback text marked with its language)."""

import pytest

from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

NOTICE = "translation-fallback"


def test_a_call_without_arabic_text_says_it_is_shown_in_english(client):
    CallFactory(slug="water", title="Water and migration", summary="English summary")
    body = client.get("/ar/calls/water/").content.decode()
    assert NOTICE in body
    assert '<h1 lang="en">Water and migration</h1>' in body
    assert 'class="page-header__lead" lang="en">English summary' in body


def test_a_call_translated_into_the_readers_language_has_no_notice(client):
    CallFactory(
        slug="water",
        title="Water and migration",
        title_ru="Вода и миграция",
        summary="English summary",
        summary_ru="Русское резюме",
        context="",
        actions="",
        occasion="",
        theme="",
        who_can_submit="",
        criteria="",
        how_to_submit="",
    )
    body = client.get("/ru/calls/water/").content.decode()
    assert "<h1>Вода и миграция</h1>" in body
    assert NOTICE not in body


def test_english_readers_see_no_notice(client):
    CallFactory(slug="water", title="Water and migration")
    assert NOTICE not in client.get("/en/calls/water/").content.decode()


def test_call_cards_mark_text_shown_in_another_language(client):
    CallFactory(slug="water", title="Water and migration", summary="English summary")
    body = client.get("/ar/calls/").content.decode()
    assert '<h3 class="card__title" lang="en">' in body
    assert '<p lang="en">English summary</p>' in body
