import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from calls.choices import CallStatus
from core.models import AuditEvent
from submissions.choices import SubmissionStatus
from submissions.models import SubmissionVersion
from submissions.services import (
    IncompleteContentError,
    SubmissionError,
    call_accepts,
    draft_save,
    extension_grant,
    invitation_accept,
    invitation_send,
    submission_start,
    submission_submit,
    submission_withdraw,
)
from tests.factories import CallFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db
ELIGIBLE = {
    "relates_to_objective": True,
    "completion": "completed",
    "started_after_2018": "yes",
    "on_behalf": False,
}


def test_start_creates_a_draft_with_defaults_and_an_audit_event():
    owner = UserFactory()
    submission = submission_start(owner=owner, content_type="practice", eligibility=ELIGIBLE)
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.data["licence"] == "cc-by-4.0"
    assert AuditEvent.objects.filter(target_id=str(submission.pk), verb="created").exists()


def test_start_refuses_a_closed_call():
    call = CallFactory(
        status=CallStatus.CLOSED,
        deadline=timezone.now() - timedelta(days=1),
        opens_at=timezone.now() - timedelta(days=9),
    )
    with pytest.raises(SubmissionError):
        submission_start(
            owner=UserFactory(), content_type="practice", call=call, eligibility=ELIGIBLE
        )


def test_save_records_only_changed_fields():
    submission = SubmissionFactory(data={})
    result = draft_save(
        submission=submission,
        actor=submission.owner,
        values={"title": "A", "summary": ""},
        base_revision=0,
    )
    assert result.submission.revision == 1
    assert result.submission.data == {"title": "A"}
    assert list(result.submission.changes.values_list("changed", flat=True)) == [{"title": "A"}]


def test_concurrent_edit_of_the_same_field_is_a_conflict_not_an_overwrite():
    submission = SubmissionFactory(data={"title": "Original", "summary": "Old"})
    colleague = UserFactory()
    submission.co_submitters.add(colleague)
    draft_save(
        submission=submission,
        actor=colleague,
        values={"title": "Colleague's title"},
        base_revision=0,
    )
    result = draft_save(
        submission=submission,
        actor=submission.owner,
        values={"title": "My title", "summary": "New summary"},
        base_revision=0,
    )
    assert result.conflicts == {"title": ("My title", "Colleague's title")}
    assert result.submission.data["title"] == "Colleague's title"
    assert result.submission.data["summary"] == "New summary"


def test_stale_form_does_not_revert_a_field_the_person_did_not_touch():
    submission = SubmissionFactory(data={"title": "Original", "summary": "Old"})
    colleague = UserFactory()
    submission.co_submitters.add(colleague)
    draft_save(
        submission=submission, actor=colleague, values={"title": "Better title"}, base_revision=0
    )
    # The owner's form still shows the original title; they only changed the summary.
    result = draft_save(
        submission=submission,
        actor=submission.owner,
        values={"title": "Original", "summary": "New"},
        base_revision=0,
    )
    assert result.conflicts == {}
    assert result.submission.data == {"title": "Better title", "summary": "New"}


def test_submit_is_idempotent_and_sends_one_receipt_with_a_pdf(django_capture_on_commit_callbacks):
    submission = SubmissionFactory()
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first = submission_submit(submission=submission, actor=submission.owner, submit_key=key)
    with django_capture_on_commit_callbacks(execute=True):
        again = submission_submit(submission=first, actor=submission.owner, submit_key=key)
    assert first.pk == again.pk
    assert again.status == SubmissionStatus.SUBMITTED
    assert again.reference.startswith("HUB-")
    assert SubmissionVersion.objects.filter(submission=submission).count() == 1
    assert len(mail.outbox) == 1
    assert again.reference in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_receipt_is_in_the_submitters_language(django_capture_on_commit_callbacks):
    submission = SubmissionFactory(owner=UserFactory(language="fr"))
    with django_capture_on_commit_callbacks(execute=True):
        submission_submit(submission=submission, actor=submission.owner, submit_key=uuid.uuid4())
    assert "Nous avons bien reçu votre soumission" in mail.outbox[0].subject


def test_submit_with_a_new_key_after_submission_is_refused():
    submission = SubmissionFactory()
    submission_submit(submission=submission, actor=submission.owner, submit_key=uuid.uuid4())
    with pytest.raises(SubmissionError):
        submission_submit(submission=submission, actor=submission.owner, submit_key=uuid.uuid4())


def test_incomplete_content_cannot_be_submitted_and_errors_name_the_fields():
    submission = SubmissionFactory(data={"title": "Only a title"})
    with pytest.raises(IncompleteContentError) as excinfo:
        submission_submit(submission=submission, actor=submission.owner, submit_key=uuid.uuid4())
    assert "about:summary" in excinfo.value.errors
    assert "scope:objectives" in excinfo.value.errors
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT


def test_deadline_is_enforced_at_its_instant():
    deadline = timezone.now() + timedelta(hours=1)
    call = CallFactory(deadline=deadline)
    user = UserFactory()
    assert call_accepts(call, user, now=deadline)
    assert not call_accepts(call, user, now=deadline + timedelta(seconds=1))


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Kiritimati", "America/New_York"])
def test_anywhere_on_earth_deadline(zone):
    # 24 June 2024 23:59 in UTC-12 ("anywhere on earth") is 25 June 11:59 UTC.
    deadline = timezone.datetime(2024, 6, 24, 23, 59, tzinfo=ZoneInfo("Etc/GMT+12"))
    call = CallFactory(deadline=deadline, opens_at=deadline - timedelta(days=30))
    user = UserFactory(time_zone=zone)
    just_before = timezone.datetime(2024, 6, 25, 11, 58, tzinfo=ZoneInfo("UTC"))
    assert call_accepts(call, user, now=just_before)
    assert not call_accepts(call, user, now=just_before + timedelta(minutes=2))


def test_deadline_across_a_daylight_saving_change():
    paris = ZoneInfo("Europe/Paris")
    # Clocks went back at 03:00 on 27 October 2024: 02:30 happened twice.
    deadline = timezone.datetime(
        2024, 10, 27, 2, 30, fold=1, tzinfo=paris
    )  # the second 02:30 (UTC+1)
    call = CallFactory(deadline=deadline, opens_at=deadline - timedelta(days=30))
    user = UserFactory()
    # The first 02:30 (UTC+2) is an hour earlier; compute in UTC, as the server does.
    first_0230 = timezone.datetime(2024, 10, 27, 2, 30, fold=0, tzinfo=paris).astimezone(
        ZoneInfo("UTC")
    )
    assert call_accepts(call, user, now=first_0230)
    assert call_accepts(call, user, now=first_0230 + timedelta(minutes=59))
    assert not call_accepts(call, user, now=first_0230 + timedelta(minutes=61))


def test_extension_lets_one_person_submit_after_the_deadline():
    call = CallFactory(
        status=CallStatus.CLOSED,
        deadline=timezone.now() - timedelta(hours=2),
        opens_at=timezone.now() - timedelta(days=20),
    )
    late, other, curator = UserFactory(), UserFactory(), UserFactory(roles=["curator"])
    extension_grant(call=call, user=late, until=timezone.now() + timedelta(days=2), actor=curator)
    assert call_accepts(call, late)
    assert not call_accepts(call, other)
    submission = SubmissionFactory(owner=late, call=call)
    submission_submit(submission=submission, actor=late, submit_key=uuid.uuid4())
    with pytest.raises(SubmissionError):
        submission_submit(
            submission=SubmissionFactory(owner=other, call=call),
            actor=other,
            submit_key=uuid.uuid4(),
        )


def test_withdraw_keeps_the_submission():
    submission = SubmissionFactory()
    submission_withdraw(submission=submission, actor=submission.owner, reason="Duplicate")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN
    assert AuditEvent.objects.filter(
        target_id=str(submission.pk), to_status="withdrawn", note="Duplicate"
    ).exists()


def test_invitation_by_email_makes_a_co_submitter(django_capture_on_commit_callbacks):
    submission = SubmissionFactory(data={})
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_send(
            submission=submission, actor=submission.owner, email="Colleague@Example.org"
        )
    assert mail.outbox[0].to == ["colleague@example.org"]
    assert str(invitation.token) in mail.outbox[0].body
    colleague = UserFactory(email="colleague@example.org")
    invitation_accept(invitation=invitation, user=colleague)
    assert colleague in submission.co_submitters.all()
    with pytest.raises(SubmissionError):
        invitation_accept(invitation=invitation, user=UserFactory())


def test_personal_data_left_unresolved_flags_the_submission_for_curators():
    data = dict(SubmissionFactory.build().data)
    data["results"] = "The girl Maria Lopez, a victim, can be reached at maria.lopez@example.com."
    submission = SubmissionFactory(data=data)
    submitted = submission_submit(
        submission=submission, actor=submission.owner, submit_key=uuid.uuid4()
    )
    assert submitted.safeguarding_flagged
    assert submitted.flags.filter(kind="email").exists()
