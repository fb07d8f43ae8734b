import pytest
from django.db import connection
from django.test import override_settings

from core import selectors
from core.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_healthz_ok_when_database_ready(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_503_when_migrations_missing(client, monkeypatch):
    monkeypatch.setattr(selectors, "_migrations_applied", False)

    class PendingExecutor:
        def __init__(self, conn):
            self.loader = type("L", (), {"graph": type("G", (), {"leaf_nodes": lambda s: []})()})()

        def migration_plan(self, targets):
            return [("app", "0002_pending")]

    monkeypatch.setattr(selectors, "MigrationExecutor", PendingExecutor)
    assert client.get("/healthz").status_code == 503


def test_healthz_503_when_database_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.OperationalError("connection refused")  # type: ignore[attr-defined]

    monkeypatch.setattr(selectors.connection, "cursor", broken_cursor)
    assert client.get("/healthz").status_code == 503


def test_root_redirects_by_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "About the Hub"), ("fr", "À propos du Hub"), ("es", "Acerca del Hub")],
)
def test_pages_are_translated_and_declare_their_language(client, lang, expected):
    response = client.get(f"/{lang}/about/")
    body = response.content.decode()
    assert f'<html lang="{lang}"' in body
    assert expected in body


def test_language_links_keep_the_current_page(client):
    body = client.get("/en/about/").content.decode()
    assert 'href="/fr/about/"' in body
    assert 'href="/es/about/"' in body


def test_gallery_only_with_debug(client):
    assert client.get("/en/components/").status_code == 404
    with override_settings(DEBUG=True):
        response = client.get("/en/components/")
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_footer_shows_configured_disclaimer_in_each_language(client):
    site = SiteSettings.load()
    site.disclaimer_en = "Read in the context of resolution 1244 (1999)."
    site.disclaimer_fr = "À lire dans le contexte de la résolution 1244 (1999)."
    site.disclaimer_es = "Debe leerse en el contexto de la resolución 1244 (1999)."
    site.save()
    assert "resolution 1244" in client.get("/en/").content.decode()
    assert "résolution 1244" in client.get("/fr/").content.decode()
    assert "resolución 1244" in client.get("/es/").content.decode()


def test_security_headers(client):
    response = client.get("/en/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_language_links_point_at_the_same_page_with_its_query(client):
    page = client.get("/en/practices/?objective=7&sort=newest").content.decode()
    assert 'hreflang="fr" href="/fr/practices/?objective=7&amp;sort=newest"' in page
    assert 'href="/es/practices/?objective=7&amp;sort=newest" hreflang="es" lang="es"' in page


def test_navigation_is_in_the_page_language_and_marks_the_current_page(client):
    page = client.get("/fr/practices/").content.decode()
    assert '<a href="/fr/practices/" aria-current="page">Pratiques</a>' in page
    assert '<a href="/fr/resources/">' in page
    english = client.get("/en/about/").content.decode()
    assert '<a href="/en/practices/">Practices</a>' in english
    assert 'aria-current="page">About</a>' in english
    assert '<a href="/en/privacy/">Privacy</a>' in english  # the footer, in the same language
