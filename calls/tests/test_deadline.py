"""The deadline a call announces is the deadline its pages show (issue 10.3)."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, translation

from calls.choices import CallStatus
from calls.models import Call
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

TRAFFICKING = "/{lang}/calls/trafficking-in-persons-2024/"


@pytest.fixture
def trafficking():
    """The trafficking call of 2024: it announced 24 June 2024, end of the day in New York."""
    return CallFactory(
        slug="trafficking-in-persons-2024",
        status=CallStatus.CLOSED,
        opens_at=datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
        deadline=datetime(2024, 6, 25, 3, 59, tzinfo=UTC),
        timezone="America/New_York",
    )


def test_call_states_its_deadline_in_its_own_time_zone(client, trafficking):
    body = client.get(TRAFFICKING.format(lang="en")).content.decode()
    assert "24 June 2024, 23:59 New York time" in body
    # A viewer whose zone is unknown reads UTC: the same instant on their clock follows.
    assert "25 June 2024, 03:59 your time, UTC" in body
    assert "June 25, 2024" not in body


def test_deadline_is_localised_with_the_calls_own_zone(client, trafficking):
    fr = client.get(TRAFFICKING.format(lang="fr")).content.decode()
    assert "24 juin 2024" in fr
    assert "23:59" in fr
    es = client.get(TRAFFICKING.format(lang="es")).content.decode()
    assert "24 de junio de 2024" in es
    assert "Nueva York" in es


def test_no_second_time_when_the_viewers_clock_reads_the_same(client, trafficking):
    client.cookies["hub_tz"] = "America/Toronto"
    body = client.get(TRAFFICKING.format(lang="en")).content.decode()
    assert "24 June 2024, 23:59 New York time" in body
    assert "your time" not in body


def test_listing_says_closed_on_the_day_the_call_announced(client, trafficking):
    body = client.get("/en/calls/").content.decode()
    assert "Closed on" in body
    assert '<time datetime="2024-06-24">24 June 2024</time>' in body


def test_open_call_card_states_its_zone(client):
    CallFactory(
        slug="geneva",
        status=CallStatus.OPEN,
        timezone="Europe/Zurich",
        opens_at=datetime(2030, 1, 1, tzinfo=UTC),
        deadline=datetime(2030, 3, 31, 21, 59, tzinfo=UTC),
    )
    client.cookies["hub_tz"] = "Europe/Zurich"
    body = client.get("/en/calls/").content.decode()
    assert "31 March 2030, 23:59 Zurich time" in body


def test_new_calls_take_the_configured_zone(settings):
    settings.HUB_CALL_TIME_ZONE = "Africa/Nairobi"
    assert Call().timezone == "Africa/Nairobi"


def test_an_unknown_zone_is_refused_in_plain_words():
    call = CallFactory.build(timezone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError, match="not a known time zone"):
        call.full_clean()


def test_english_dates_follow_un_style():
    moment = datetime(2024, 6, 24, 23, 59, tzinfo=UTC)
    with translation.override("en"):
        assert formats.date_format(moment, "DATE_FORMAT") == "24 June 2024"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "24 June 2024, 23:59"


def test_zone_reported_by_the_browser_script_is_read(client, trafficking):
    """static/js/hub.js stores the zone URL-encoded, as browsers' cookies want it."""
    client.cookies["hub_tz"] = "Europe%2FParis"
    body = client.get(TRAFFICKING.format(lang="en")).content.decode()
    assert "25 June 2024, 05:59 your time, UTC+02:00" in body
