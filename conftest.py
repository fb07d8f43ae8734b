"""Suite-wide fixtures. The vocabularies need no loading: the test database is built by
``migrate``, whose data migration (taxonomy 0002) loads them, as on a production database.

The suite runs in several processes (pytest-xdist, ``scripts/test.sh``): everything a test writes
must be private to its process. The database is (pytest-django gives each worker its own), and so
are uploaded files: each process gets its own MEDIA_ROOT. The batch vector store is off (a test
that wants one passes its own file).
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation

from taxonomy.services import OBJECTIVE_CSS_KEY
from tests.factories import record_second_factor

# The vocabulary rows as loaded once per test process, to put back after a transactional test's
# flush: copying them back takes a few milliseconds, loading the file again about half a second
# of CPU (and the browser tests alone do it some seventy times).
_VOCABULARY_ROWS: list[tuple[Any, list[Any]]] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the vocabulary rows the migrations loaded, to put back after a flush."""
    with django_db_blocker.unblock():
        _VOCABULARY_ROWS[:] = [
            (model, list(model.objects.all()))
            for model in apps.get_app_config("taxonomy").get_models()
        ]


@pytest.fixture(scope="session")
def restore_vocabulary(django_db_setup) -> Callable[[], None]:
    """Return a function that puts the vocabularies back (rows already there are kept)."""

    def restore() -> None:
        with transaction.atomic():  # foreign keys are checked at the end (regions' parents)
            for model, rows in _VOCABULARY_ROWS:
                model.objects.bulk_create(rows, ignore_conflicts=True)
        cache.delete(OBJECTIVE_CSS_KEY)

    return restore


@pytest.fixture(scope="session", autouse=True)
def _private_files(tmp_path_factory):
    """Uploads go to a folder of this test process, never to var/media."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")), HUB_VECTOR_STORE=""):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Requests to /fr/ or /es/ leave that language active in the thread; start each test in
    the default language so results never depend on test order."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def vocabulary(transactional_db, restore_vocabulary):
    """The vocabularies again, for a transactional test: each one ends by emptying every table,
    so the next would otherwise start without them."""
    restore_vocabulary()


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(monkeypatch):
    """``client.force_login`` stands for the whole sign-in: for a person with TOTP it also
    records that the second factor was used, as allauth does (accounts/middleware.py signs out
    sessions without it). The sign-in itself is tested through the real forms in
    accounts/tests/test_second_factor.py and tests/browser/."""

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        record_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
