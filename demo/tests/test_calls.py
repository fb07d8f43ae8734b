from datetime import UTC, datetime

import pytest

from calls.choices import CallStatus
from calls.models import Call
from demo import calls as demo

pytestmark = pytest.mark.django_db


def test_demo_has_the_trafficking_call_in_three_languages(client):
    demo.load()
    for lang, title in [
        ("en", "Prevent, combat and eliminate trafficking in persons"),
        ("fr", "Prévenir, combattre et éliminer la traite de personnes"),
        ("es", "Prevenir, combatir y eliminar la trata de personas"),
    ]:
        body = client.get(f"/{lang}/calls/trafficking-in-persons-2024/").content.decode()
        assert title in body
    call = Call.objects.get(slug="trafficking-in-persons-2024")
    assert call.status == CallStatus.CLOSED
    assert 10 in set(call.objectives.values_list("number", flat=True))


def test_demo_trafficking_call_keeps_the_deadline_it_announced(client):
    """24 June 2024, end of the day in New York, as the call announced it (issue 10.3)."""
    demo.load()
    call = Call.objects.get(slug="trafficking-in-persons-2024")
    assert call.timezone == "America/New_York"
    assert call.deadline == datetime(2024, 6, 25, 3, 59, tzinfo=UTC)
    body = client.get("/en/calls/trafficking-in-persons-2024/").content.decode()
    assert "24 June 2024, 23:59 New York time" in body


def test_demo_is_idempotent():
    assert demo.load() == 3
    first = list(Call.objects.values_list("slug", "deadline", "status"))
    assert demo.load() == 0
    assert list(Call.objects.values_list("slug", "deadline", "status")) == first


def test_demo_calls_are_found_by_the_site_search(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo.load()
    response = client.get("/en/search/", {"q": "trafficking in persons"})
    titles = [result.title for result in response.context["results"]]
    assert "Prevent, combat and eliminate trafficking in persons" in titles
