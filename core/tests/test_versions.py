"""Content version tokens: move on every write, are read once per request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import versions

pytestmark = pytest.mark.django_db


def test_bump_gives_a_new_token_every_time():
    assert versions.current("things") == ""
    versions.bump("things")
    first = versions.current("things")
    versions.bump("things")
    assert first
    assert versions.current("things") not in ("", first)


def test_a_request_reads_each_token_once_and_sees_its_own_writes():
    versions.bump("things")
    with versions.remembered():
        before = versions.current("things")
        with CaptureQueriesContext(connection) as reads:
            assert versions.current("things") == before
        assert len(reads) == 0
        versions.bump("things")
        assert versions.current("things") != before


def test_a_request_reads_all_tokens_in_one_query():
    versions.bump("things")
    versions.bump("other things")
    with versions.remembered():
        with CaptureQueriesContext(connection) as reads:
            first, second = versions.current("things"), versions.current("other things")
            assert versions.current("never written") == ""
        assert len(reads) == 1
        assert first
        assert second not in ("", first)
        versions.bump("other things")
        with CaptureQueriesContext(connection) as reads:
            assert versions.current("other things") not in ("", second)
            assert versions.current("things") == first
        assert len(reads) == 0  # the bump recorded its token
