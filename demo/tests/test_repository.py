import pytest

from demo import calls as calls_demo
from demo import repository as demo
from repository.models import Practice, Resource

pytestmark = pytest.mark.django_db


def test_demo_has_forty_practices_in_three_languages_and_twenty_resources():
    calls_demo.load()
    assert demo.load() >= 60
    published = Practice.objects.published()
    assert published.count() >= 40
    for lang in ("en", "fr", "es"):
        assert published.filter(language__code=lang).count() >= 10
    # and some written in the other three UN languages
    for lang in ("ar", "ru", "zh"):
        assert published.filter(language__code=lang).exists()
    assert published.filter(call__slug="trafficking-in-persons-2024").count() >= 10
    assert published.filter(featured=True).exists()
    assert Resource.objects.published().count() >= 20


def test_demo_is_idempotent():
    calls_demo.load()
    demo.load()
    before = Practice.objects.count(), Resource.objects.count()
    assert demo.load() == 0
    assert (Practice.objects.count(), Resource.objects.count()) == before


def test_demo_pages_render(client):
    calls_demo.load()
    demo.load()
    practice = Practice.objects.filter(language__code="es").first()
    assert client.get(f"/fr/practices/{practice.slug}/").status_code == 200
    body = client.get("/en/practices/?objective=10").content.decode()
    assert "Child-safe reporting desks" in body
