"""The submissions policy: who may do what to a submission, asked through ``can`` and
``instances`` for every role, and the services refusing an actor the policy refuses."""

import uuid

import pytest
from django.utils import timezone

from core.errors import NotAllowedError
from submissions.choices import SubmissionStatus as S
from submissions.permissions import SubmissionAction, policy
from submissions.services import (
    attachment_remove,
    draft_save,
    extension_grant,
    findings_decide,
    invitation_send,
    message_post,
    submission_start,
    submission_submit,
    submission_transition,
    submission_withdraw,
)
from tests.factories import CallFactory, SubmissionFactory, UserFactory
from tests.matrix import ROLES, PolicyCase, check_policy_matrix

pytestmark = pytest.mark.django_db

EXTRA = ("owner", "co_submitter")
TEAM = {"curator": True, "administrator": True}


@pytest.fixture
def people():
    owner, colleague = UserFactory(roles=["member"]), UserFactory(roles=["member"])
    return {"owner": owner, "co_submitter": colleague}


def _submission(people, status):
    submission = SubmissionFactory(owner=people["owner"], status=status)
    submission.co_submitters.add(people["co_submitter"])
    return submission


def test_a_draft_is_seen_by_its_submitters_and_the_team_and_edited_by_its_submitters(people):
    draft = _submission(people, S.DRAFT)
    cases = [
        PolicyCase("submissions.view", {"*": False, **TEAM, **dict.fromkeys(EXTRA, True)}, draft),
        PolicyCase("submissions.edit", {"*": False, **dict.fromkeys(EXTRA, True)}, draft),
        PolicyCase("submissions.withdraw", {"*": False, "owner": True}, draft),
        PolicyCase("submissions.handle", {"*": False}, draft),  # not sent yet: not the team's
    ]
    assert check_policy_matrix(cases, (*ROLES, *EXTRA), actors=people) == []


def test_a_sent_submission_is_handled_by_the_team_and_no_longer_edited(people):
    sent = _submission(people, S.SUBMITTED)
    approved = _submission(people, S.APPROVED)
    cases = [
        PolicyCase("submissions.edit", {"*": False}, sent),
        PolicyCase("submissions.withdraw", {"*": False, "owner": True}, sent),
        PolicyCase("submissions.withdraw", {"*": False}, approved),
        PolicyCase("submissions.handle", {"*": False, **TEAM}, sent),
        PolicyCase("submissions.view", {"*": False, **TEAM, **dict.fromkeys(EXTRA, True)}, sent),
    ]
    assert check_policy_matrix(cases, (*ROLES, *EXTRA), actors=people) == []


def test_without_an_object_the_policy_says_who_may_start_and_give_more_time():
    cases = [
        PolicyCase("submissions.start", {"*": True, "anonymous": False}),
        PolicyCase("submissions.grant_extension", {"*": False, **TEAM}),
    ]
    assert check_policy_matrix(cases) == []


def test_instances_are_the_submissions_a_person_may_act_on(people):
    draft, sent = _submission(people, S.DRAFT), _submission(people, S.SUBMITTED)
    other = SubmissionFactory(status=S.SUBMITTED)
    owner, curator = people["owner"], UserFactory(roles=["curator"])
    assert set(policy.instances(owner, SubmissionAction.VIEW)) == {draft, sent}
    assert set(policy.instances(owner, SubmissionAction.EDIT)) == {draft}
    assert set(policy.instances(curator, SubmissionAction.HANDLE)) == {sent, other}
    assert not policy.instances(UserFactory(), SubmissionAction.VIEW).exists()


def test_a_stranger_cannot_withdraw_someone_elses_submission(people):
    submission = _submission(people, S.SUBMITTED)
    with pytest.raises(NotAllowedError):
        submission_withdraw(submission=submission, actor=UserFactory(), reason="Mine now")
    with pytest.raises(NotAllowedError):  # co-submitters edit; only the owner withdraws
        submission_withdraw(submission=submission, actor=people["co_submitter"])
    submission.refresh_from_db()
    assert submission.status == S.SUBMITTED


def test_only_submitters_change_a_draft(people):
    draft = _submission(people, S.DRAFT)
    curator, stranger = UserFactory(roles=["curator"]), UserFactory()
    for actor in (curator, stranger, None):
        with pytest.raises(NotAllowedError):
            draft_save(submission=draft, actor=actor, values={"title": "Taken"}, base_revision=0)
        with pytest.raises(NotAllowedError):
            submission_submit(submission=draft, actor=actor, submit_key=uuid.uuid4())
        with pytest.raises(NotAllowedError):
            findings_decide(submission=draft, actor=actor, decisions={})
        with pytest.raises(NotAllowedError):
            invitation_send(submission=draft, actor=actor, email="friend@example.org")
    draft.refresh_from_db()
    assert draft.data.get("title") != "Taken"
    assert not draft.invitations.exists()


def test_a_stranger_cannot_remove_a_file(people):
    draft = _submission(people, S.DRAFT)
    attachment = draft.attachments.create(
        name="a.pdf", mime="application/pdf", size=1, sha256="0", uploaded_by=people["owner"]
    )
    with pytest.raises(NotAllowedError):
        attachment_remove(attachment=attachment, actor=UserFactory())
    attachment.refresh_from_db()
    assert attachment.removed_at is None


def test_the_team_moves_a_submission_and_the_hub_itself_may(people):
    sent = _submission(people, S.SUBMITTED)
    with pytest.raises(NotAllowedError):
        submission_transition(submission=sent, to=S.SCREENING, actor=people["owner"])
    moved = submission_transition(submission=sent, to=S.SCREENING, actor=None)
    assert moved.status == S.SCREENING


def test_only_the_team_gives_more_time_and_strangers_write_no_messages(people):
    call, late = CallFactory(), UserFactory()
    with pytest.raises(NotAllowedError):
        extension_grant(call=call, user=late, until=timezone.now(), actor=UserFactory())
    with pytest.raises(NotAllowedError):
        message_post(submission=_submission(people, S.SUBMITTED), author=UserFactory(), body="Hi")
    with pytest.raises(NotAllowedError):
        submission_start(owner=None, content_type="practice", eligibility={})
