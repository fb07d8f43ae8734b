"""The accounts policy for every role, and granting a role only by the Hub team."""

import pytest

from accounts.choices import Role
from accounts.permissions import AccountAction, policy
from accounts.services import user_grant_role
from core.errors import NotAllowedError
from tests.factories import UserFactory
from tests.matrix import PolicyCase, check_policy_matrix

pytestmark = pytest.mark.django_db


def test_people_edit_their_own_profile_and_the_team_grants_roles():
    person = UserFactory()
    cases = [
        PolicyCase("accounts.edit_profile", {"*": False, "person": True}, person),
        PolicyCase("accounts.grant_role", {"*": False, "curator": True, "administrator": True}),
    ]
    roles = ("anonymous", "member", "reviewer", "curator", "administrator", "person")
    assert check_policy_matrix(cases, roles, actors={"person": person}) == []
    assert list(policy.instances(person, AccountAction.EDIT_PROFILE)) == [person]


def test_a_member_cannot_make_someone_a_reviewer():
    member, other = UserFactory(roles=["member"]), UserFactory()
    with pytest.raises(NotAllowedError):
        user_grant_role(user=other, role=Role.REVIEWER, actor=member)
    assert not other.has_role(Role.REVIEWER)
    user_grant_role(user=other, role=Role.REVIEWER, actor=UserFactory(roles=["curator"]))
    assert other.has_role(Role.REVIEWER)
