import pytest

from demo import site_settings

pytestmark = pytest.mark.django_db


def test_demo_disclaimer_shows_in_each_language_and_loads_once(client):
    assert site_settings.load() == 1
    assert "resolution 1244" in client.get("/en/").content.decode()
    assert "résolution 1244" in client.get("/fr/").content.decode()
    assert "resolución 1244" in client.get("/es/").content.decode()
    assert site_settings.load() == 0
