"""The calls policy for every role, and call services refusing an actor it refuses."""

import pytest

from calls.choices import CallStatus
from calls.permissions import CallAction, policy
from calls.services import call_schedule, call_transition
from core.errors import NotAllowedError
from tests.factories import CallFactory, UserFactory
from tests.matrix import PolicyCase, check_policy_matrix

pytestmark = pytest.mark.django_db

TEAM = {"curator": True, "administrator": True}


def test_everyone_sees_open_calls_and_only_the_team_sees_drafts_and_manages():
    draft, open_call = CallFactory(status=CallStatus.DRAFT), CallFactory()
    cases = [
        PolicyCase("calls.view", {"*": True}, open_call),
        PolicyCase("calls.view", {"*": False, **TEAM}, draft),
        PolicyCase("calls.manage", {"*": False, **TEAM}, open_call),
        PolicyCase("calls.manage", {"*": False, **TEAM}),
    ]
    assert check_policy_matrix(cases) == []
    assert list(policy.instances(None, CallAction.VIEW)) == [open_call]


def test_a_member_cannot_close_or_schedule_a_call_but_the_hub_itself_can():
    member = UserFactory(roles=["member"])
    open_call = CallFactory()
    with pytest.raises(NotAllowedError):
        call_transition(call=open_call, to=CallStatus.CLOSED, actor=member)
    with pytest.raises(NotAllowedError):
        call_schedule(call=CallFactory(status=CallStatus.DRAFT), actor=member)
    open_call.refresh_from_db()
    assert open_call.status == CallStatus.OPEN
    closed = call_transition(call=open_call, to=CallStatus.CLOSED, actor=None)
    assert closed.status == CallStatus.CLOSED
