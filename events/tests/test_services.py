"""Registration, the waiting list, reminders and calendar revisions as registrants rely on them."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from core.errors import ConflictError, NotAllowedError
from events import services
from events.choices import Audience
from events.choices import RegistrationStatus as R
from events.reminders import reminders_send
from tests.factories import UserFactory

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _ics(message) -> icalendar.Calendar:
    (name, content, mimetype), *_rest = message.attachments
    assert name == "event.ics"
    assert mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def test_a_seat_is_confirmed_with_a_calendar_file_holding_the_join_link(member, committed):
    event = make_event(capacity=10)
    with committed():
        registration = services.registration_create(event=event, actor=member, language="fr")
    assert registration.status == R.CONFIRMED
    (message,) = mail.outbox
    assert message.to == [member.email]
    (entry,) = _ics(message).walk("VEVENT")
    assert "https://meet.example.org/gcm-talk" in str(entry["LOCATION"])
    assert entry.walk("VALARM"), "the entry carries an alarm"


def test_the_full_event_puts_the_next_person_on_the_waiting_list_then_promotes_them(committed):
    event = make_event(capacity=1)
    first, second, third = (UserFactory(roles=["member"]) for _ in range(3))
    seat = services.registration_create(event=event, actor=first)
    waiting = services.registration_create(event=event, actor=second)
    last = services.registration_create(event=event, actor=third)
    assert (seat.status, waiting.status, last.status) == (R.CONFIRMED, R.WAITLISTED, R.WAITLISTED)
    mail.outbox.clear()
    with committed():
        services.registration_cancel(registration=seat, actor=first)
    waiting.refresh_from_db()
    last.refresh_from_db()
    assert waiting.status == R.CONFIRMED, "the first in the queue takes the seat"
    assert last.status == R.WAITLISTED
    promoted = [m for m in mail.outbox if m.to == [second.email]]
    assert promoted, "the promoted person is told"
    assert promoted[0].attachments, "with the calendar file"


def test_cancelling_from_the_waiting_list_promotes_nobody():
    event = make_event(capacity=1)
    first, second, third = (UserFactory(roles=["member"]) for _ in range(3))
    services.registration_create(event=event, actor=first)
    waiting = services.registration_create(event=event, actor=second)
    last = services.registration_create(event=event, actor=third)
    services.registration_cancel(registration=waiting, actor=second)
    last.refresh_from_db()
    assert last.status == R.WAITLISTED


def test_one_active_registration_per_person(member):
    event = make_event()
    services.registration_create(event=event, actor=member)
    with pytest.raises(ConflictError):
        services.registration_create(event=event, actor=member)


def test_a_restricted_audience_waits_for_the_organisers(member, organiser):
    event = make_event(audience=Audience.MEMBER_STATES, capacity=5)
    event.organisers.add(organiser)
    registration = services.registration_create(event=event, actor=member, note="Ministry")
    assert registration.status == R.PENDING
    with pytest.raises(NotAllowedError):
        services.registration_decide(registration=registration, actor=member, accept=True)
    decided = services.registration_decide(registration=registration, actor=organiser, accept=True)
    assert decided.status == R.CONFIRMED


def test_reminders_are_sent_once_a_day_before_and_once_an_hour_before(member, committed):
    event = make_event()
    services.registration_create(event=event, actor=member)
    mail.outbox.clear()
    day_before = event.starts_at - timedelta(hours=23)
    with committed():
        assert reminders_send(now=day_before) == 1
        assert reminders_send(now=day_before + timedelta(minutes=5)) == 0
    hour_before = event.starts_at - timedelta(minutes=50)
    with committed():
        assert reminders_send(now=hour_before) == 1
        assert reminders_send(now=hour_before) == 0
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    assert subjects[0].startswith("Tomorrow")
    assert subjects[1].startswith("In one hour")


def test_late_registrants_get_only_the_hour_reminder(member, committed):
    event = make_event(starts_at=timezone.now() + timedelta(minutes=40))
    event.ends_at = event.starts_at + timedelta(hours=1)
    event.save()
    services.registration_create(event=event, actor=member)
    mail.outbox.clear()
    with committed():
        assert reminders_send(now=timezone.now()) == 1
        assert reminders_send(now=timezone.now()) == 0
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["In one hour"]


def test_a_new_time_raises_the_sequence_and_resends_the_calendar(member, organiser, committed):
    event = make_event()
    event.organisers.add(organiser)
    services.registration_create(event=event, actor=member)
    first_sequence = event.sequence
    mail.outbox.clear()
    later = event.starts_at + timedelta(days=1)
    with committed():
        services.event_update(
            event=event, actor=organiser, starts_at=later, ends_at=later + timedelta(hours=2)
        )
    event.refresh_from_db()
    assert event.sequence == first_sequence + 1
    (message,) = mail.outbox
    (entry,) = _ics(message).walk("VEVENT")
    assert int(entry["SEQUENCE"]) == event.sequence
    assert later.replace(microsecond=0) == entry.DTSTART or later == entry.DTSTART


def test_a_new_description_alone_keeps_the_sequence(organiser, committed):
    event = make_event()
    event.organisers.add(organiser)
    with committed():
        services.event_update(event=event, actor=organiser, recording_url="https://v.example.org/1")
    event.refresh_from_db()
    assert event.sequence == 0
    assert mail.outbox == []


def test_attendance_is_marked_among_confirmed_registrants(organiser, member):
    event = make_event()
    event.organisers.add(organiser)
    present = services.registration_create(event=event, actor=member)
    absent = services.registration_create(event=event, actor=UserFactory(roles=["member"]))
    services.attendance_mark(event=event, actor=organiser, attended=[present.pk])
    present.refresh_from_db()
    absent.refresh_from_db()
    assert (present.attended, absent.attended) == (True, False)


def test_more_seats_move_the_waiting_list_up(organiser, committed):
    event = make_event(capacity=1)
    event.organisers.add(organiser)
    people = [UserFactory(roles=["member"]) for _ in range(3)]
    registrations = [services.registration_create(event=event, actor=p) for p in people]
    services.event_update(event=event, actor=organiser, capacity=2)
    for registration in registrations:
        registration.refresh_from_db()
    assert [r.status for r in registrations] == [R.CONFIRMED, R.CONFIRMED, R.WAITLISTED]


def test_a_declined_person_cannot_register_again(member, organiser):
    event = make_event(audience=Audience.INVITATION)
    event.organisers.add(organiser)
    registration = services.registration_create(event=event, actor=member, note="Please")
    services.registration_decide(registration=registration, actor=organiser, accept=False)
    with pytest.raises(ConflictError):
        services.registration_create(event=event, actor=member, note="Again")
