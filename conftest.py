"""Suite-wide fixtures. The vocabularies need none: the test database is built by ``migrate``,
whose data migration (taxonomy 0002) loads them, as on a production database."""

import pytest
from django.core.management import call_command


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
    """The vocabularies again, for a transactional test: each one ends by emptying every table
    (the migration's rows included), so the next would otherwise start without them."""
    call_command("load_vocabulary", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(monkeypatch):
    """``client.force_login`` stands for the whole sign-in: for a person with TOTP it also
    records that the second factor was used, as allauth does (accounts/middleware.py signs out
    sessions without it). The sign-in itself is tested through the real forms in
    accounts/tests/test_second_factor.py and tests/browser/."""
    from django.test import Client

    from tests.factories import record_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        record_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
