"""Suite-wide fixtures: the vocabularies are loaded once into the test database.

The suite runs in several processes (pytest-xdist, ``scripts/test.sh``): everything a test writes
must be private to its process. The database is (pytest-django gives each worker its own), and so
are uploaded files: each process gets its own MEDIA_ROOT. The batch vector store is off (a test
that wants one passes its own file).
"""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the controlled vocabularies once, after migrations, for every test."""
    with django_db_blocker.unblock():
        call_command("load_vocabulary", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session", autouse=True)
def _private_files(tmp_path_factory):
    """Uploads go to a folder of this test process, never to var/media."""
    from django.test.utils import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")), HUB_VECTOR_STORE=""):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Requests to /fr/ or /es/ leave that language active in the thread; start each test in
    the default language so results never depend on test order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def vocabulary(transactional_db):
    """The vocabularies again, for a transactional test: each one ends by emptying every table,
    so the next would otherwise start without them."""
    call_command("load_vocabulary", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
