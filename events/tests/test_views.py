"""Event pages, calendar files and the permission matrix of every events URL."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from events.choices import EventFormat, EventStatus
from events.choices import RegistrationStatus as R
from events.selectors import cancel_token
from search.services import index_item
from taxonomy.models import Language, Objective
from tests.factories import PracticeFactory, UserFactory
from tests.matrix import Case, check_matrix, make_actor

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_permission_matrix_of_every_events_url(organiser, member):
    public = make_event(slug="public-talk")
    public.organisers.add(organiser)
    draft = make_event(slug="draft-talk", status=EventStatus.DRAFT)
    draft.organisers.add(organiser)
    registration = services.registration_create(event=public, actor=member)
    token = cancel_token(registration)
    team = {"curator": "ok", "administrator": "ok", "organiser": "ok"}
    organise = {"*": "hidden", "anonymous": "login", **team}
    cases = [
        Case("/en/events/", {"*": "ok"}),
        Case("/en/events/calendar.ics", {"*": "ok"}),
        Case("/en/events/feed/", {"*": "ok"}),
        Case("/en/events/public-talk/", {"*": "ok"}),
        Case("/en/events/public-talk/event.ics", {"*": "ok"}),
        Case("/en/events/draft-talk/", {"*": "hidden", **team}),
        Case("/en/events/draft-talk/event.ics", {"*": "hidden", **team}),
        Case("/en/events/public-talk/registrants/", organise),
        Case("/en/events/public-talk/registrants.csv", organise),
        Case("/en/events/public-talk/edit/", organise),
        Case("/en/events/draft-talk/registrants/", organise),
        Case("/en/events/public-talk/register/", {"*": "not-allowed", "anonymous": "login"}),
        Case("/en/events/public-talk/cancel/", {"*": "not-allowed", "anonymous": "login"}),
        Case(f"/en/events/public-talk/cancel/{token}/", {"*": "ok"}),
        Case("/en/events/public-talk/cancel/forged-token/", {"*": "hidden"}),
        Case(f"/en/events/draft-talk/cancel/{token}/", {"*": "hidden"}),
        Case(
            f"/en/events/public-talk/registrants/{registration.pk}/decide/",
            {"*": "not-allowed", "anonymous": "login"},
        ),
        Case("/en/events/public-talk/attendance/", {"*": "not-allowed", "anonymous": "login"}),
    ]
    roles = (
        "anonymous",
        "member",
        "reviewer",
        "curator",
        "moderator",
        "administrator",
        "organiser",
    )
    assert check_matrix(cases, roles=roles, actors={"organiser": organiser}) == []


def test_the_subscription_calendar_parses_and_holds_every_public_event_without_links(client):
    make_event(slug="one", title="Labour pathways")
    make_event(slug="two", title="Return and reintegration", status=EventStatus.CANCELLED)
    make_event(slug="three", title="Secret draft", status=EventStatus.DRAFT)
    response = client.get("/en/events/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    entries = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(entries) == {"Labour pathways", "Return and reintegration"}
    assert str(entries["Return and reintegration"]["STATUS"]) == "CANCELLED"
    assert b"meet.example.org" not in response.content, "the join link is for registrants only"
    uids = {str(e["UID"]) for e in entries.values()}
    assert len(uids) == 2


def test_one_event_file_keeps_its_uid_and_gives_the_link_to_confirmed_registrants(client, member):
    event = make_event()
    first = icalendar.Calendar.from_ical(client.get(f"/en/events/{event.slug}/event.ics").content)
    services.registration_create(event=event, actor=member)
    client.force_login(member)
    again = icalendar.Calendar.from_ical(client.get(f"/en/events/{event.slug}/event.ics").content)
    (before,), (after,) = first.walk("VEVENT"), again.walk("VEVENT")
    assert str(before["UID"]) == str(after["UID"])
    assert "meet.example.org" not in str(before.get("LOCATION", ""))
    assert "meet.example.org" in str(after["LOCATION"])
    assert after.walk("VALARM")


def test_the_join_link_is_shown_only_to_confirmed_registrants(client, member):
    event = make_event(capacity=1)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "meet.example.org" not in page
    services.registration_create(event=event, actor=UserFactory(roles=["member"]))
    services.registration_create(event=event, actor=member)  # full: waiting list
    client.force_login(member)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "On the waiting list" in page
    assert "meet.example.org" not in page


def test_register_and_cancel_without_javascript(client, member):
    event = make_event()
    client.force_login(member)
    response = client.post(f"/en/events/{event.slug}/register/", {"language": ""})
    assert response.status_code == 302
    assert event.registrations.get(user=member).status == R.CONFIRMED
    client.post(f"/en/events/{event.slug}/cancel/")
    assert event.registrations.get(user=member).status == R.CANCELLED


def test_the_signed_link_cancels_in_one_click_without_signing_in(client, member):
    event = make_event()
    registration = services.registration_create(event=event, actor=member)
    url = f"/en/events/{event.slug}/cancel/{cancel_token(registration)}/"
    assert client.get(url).status_code == 200  # a GET (a mail scanner) changes nothing
    registration.refresh_from_db()
    assert registration.status == R.CONFIRMED
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == R.CANCELLED


def test_the_listing_separates_upcoming_and_past_and_filters_by_facets(client):
    past_start = timezone.now() - timedelta(days=30)
    online = make_event(slug="online", title="Online talk", format=EventFormat.ONLINE)
    online.objectives.add(Objective.objects.get(number=5))
    online.interpretation_languages.add(Language.objects.get(code="fr"))
    make_event(slug="room", title="Room meeting", format=EventFormat.IN_PERSON)
    make_event(
        slug="old",
        title="Old webinar",
        starts_at=past_start,
        ends_at=past_start + timedelta(hours=1),
    )
    page = client.get("/en/events/").content.decode()
    assert page.index("Online talk") < page.index("Past events") < page.index("Old webinar")
    for query in ("format=online", "objective=5", "language=fr"):
        page = client.get(f"/en/events/?{query}").content.decode()
        assert "Online talk" in page, query
        assert "Room meeting" not in page, query
    feed = client.get("/en/events/feed/?format=in_person").content.decode()
    assert "Room meeting" in feed
    assert "Online talk" not in feed


def test_organisers_export_registrants_and_see_numbers(client, organiser, member):
    event = make_event()
    event.organisers.add(organiser)
    services.registration_create(event=event, actor=member, language="fr")
    client.force_login(organiser)
    csv_text = client.get(f"/en/events/{event.slug}/registrants.csv").content.decode()
    assert member.email in csv_text
    assert "Confirmed" in csv_text
    page = client.get(f"/en/events/{event.slug}/registrants/").content.decode()
    assert "By country" in page
    assert "French: 1" in page


def test_a_registrants_name_never_runs_as_a_formula_in_a_spreadsheet(client, organiser, member):
    event = make_event()
    event.organisers.add(organiser)
    member.name = '=HYPERLINK("http://evil.example","click")'
    member.save()
    services.registration_create(event=event, actor=member, language="fr")
    client.force_login(organiser)
    csv_text = client.get(f"/en/events/{event.slug}/registrants.csv").content.decode()
    assert '\'=HYPERLINK(""http://evil.example"",""click"")' in csv_text


def test_an_organiser_changes_the_time_and_registrants_are_told(
    client, organiser, member, committed
):
    event = make_event()
    event.organisers.add(organiser)
    services.registration_create(event=event, actor=member)
    mail.outbox.clear()
    client.force_login(organiser)
    with committed():
        response = _post_edit(client, event)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.sequence == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "new-room" in mail.outbox[0].body


def _post_edit(client, event):
    return client.post(
        f"/en/events/{event.slug}/edit/",
        {
            "starts_at": "2030-01-10T14:00",
            "ends_at": "2030-01-10T15:30",
            "place": "",
            "platform": "Video call",
            "join_url": "https://meet.example.org/new-room",
            "recording_url": "",
        },
    )


def test_bad_input_on_the_edit_form_is_explained_not_a_500(client, organiser):
    event = make_event()
    event.organisers.add(organiser)
    client.force_login(organiser)
    response = client.post(
        f"/en/events/{event.slug}/edit/",
        {"starts_at": "2030-01-10T14:00", "ends_at": "2030-01-10T13:00", "platform": "x"},
    )
    assert response.status_code == 400
    assert "must end after it starts" in response.content.decode()


def test_the_page_suggests_related_practices_from_the_search_index(client):
    practice = PracticeFactory(
        title="Skills partnerships for labour migration",
        summary="Governments train workers for jobs in demand in both countries.",
    )
    index_item(practice)
    event = make_event(title="Skills partnerships between countries")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Related practices and experts" in page
    assert practice.get_absolute_url() in page


def test_the_listing_costs_the_same_queries_for_few_or_many_events(client):
    def queries_for(count: int) -> int:
        for _ in range(count):
            event = make_event()
            event.interpretation_languages.add(Language.objects.get(code="fr"))
            event.objectives.add(Objective.objects.get(number=5))
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/events/").status_code == 200
        return len(captured)

    client.get("/en/events/")  # caches warm (site settings, vocabularies)
    assert queries_for(2) == queries_for(6)


def test_the_hub_team_opens_the_event_admin(client):
    event = make_event()
    admin = make_actor("administrator")
    client.force_login(admin)
    assert client.get("/admin/events/event/").status_code == 200
    assert client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200
    assert client.get("/admin/events/event/add/").status_code == 200
