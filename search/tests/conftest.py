"""A small multilingual corpus, indexed with the real encoder."""

import os

import pytest
from django.db import connection

from search.backends.vectors import pgvector_ready
from search.services import reindex
from taxonomy.models import Language
from tests.factories import PracticeFactory

CORPUS = {
    "child_trafficking": (
        "en",
        "Protecting children from trafficking at border crossings",
        "Border guards and social workers identify child victims of trafficking and refer them "
        "to shelters; traffickers are prosecuted.",
    ),
    "remittances": (
        "en",
        "Cheaper remittances through mobile money",
        "Migrant workers send money home by phone at a fraction of the usual fees.",
    ),
    "treaty": (
        "fr",
        "Traité bilatéral sur la mobilité de la main-d'œuvre",
        "Un accord entre deux pays ouvre des voies légales de migration de travail saisonnier.",
    ),
    "climate": (
        "es",
        "Reubicación planificada de comunidades costeras",
        "Familias amenazadas por la subida del mar se trasladan con apoyo del gobierno local.",
    ),
    "schooling": (
        "es",
        "Escolarización de niños migrantes recién llegados",
        "Las escuelas ofrecen clases de idioma y tutorías a los niños que acaban de llegar.",
    ),
}


def make_practice(key: str, **extra):
    language, title, summary = CORPUS[key]

    values = {"title": title, "summary": summary, **extra}
    return PracticeFactory(language=Language.objects.get(code=language), **values)


@pytest.fixture
def corpus(db) -> dict:
    """The practices of CORPUS by key, published and indexed."""
    items = {key: make_practice(key) for key in CORPUS}
    reindex()
    return items


def require_pgvector() -> None:
    """Skip without pgvector, except on PostgreSQL in CI: there the extension is installed
    (scripts/install-pgvector.sh) and its absence is a failure, not a skip."""
    if pgvector_ready():
        return
    if connection.vendor == "postgresql" and os.environ.get("CI") == "true":
        pytest.fail("pgvector is missing from the CI database (scripts/install-pgvector.sh)")
    pytest.skip("pgvector is not installed in this database")
