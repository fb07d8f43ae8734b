"""The support policy answers through core.permissions like every app's: the template filter
and the policy matrix reach it (they refused the old module-level functions)."""

import pytest

from support.choices import RequestStatus
from support.services import request_move
from tests.matrix import ROLES, PolicyCase, check_policy_matrix

from .conftest import file_request

pytestmark = pytest.mark.django_db

TEAM = {"curator": True, "administrator": True, "*": False}


def test_focal_points_file_and_follow_their_own_the_team_works_every_request(focal_point):
    filed = file_request(focal_point)
    cases = [
        PolicyCase("support.file", {"administrator": True, "*": False}),  # holds every role
        PolicyCase("support.work", TEAM, obj=filed),
        PolicyCase("support.follow", {"*": False}, obj=filed),
        PolicyCase("support.read_summary", {"*": False}, obj=filed),  # not shared
        PolicyCase("support.offer", {"*": False}, obj=filed),
    ]
    assert check_policy_matrix(cases) == []
    own = [
        PolicyCase("support.file", {"*": True}),
        PolicyCase("support.follow", {"*": True}, obj=filed),
    ]
    assert check_policy_matrix(own, roles=["focal"], actors={"focal": focal_point}) == []


def test_a_shared_summary_is_read_by_anyone_and_offered_on_by_members(focal_point, curator):
    filed = file_request(focal_point)
    request_move(request=filed, actor=curator, to=RequestStatus.ASSESSMENT)
    request_move(request=filed, actor=curator, to=RequestStatus.ACCEPTED)
    type(filed).objects.filter(pk=filed.pk).update(
        share_summary=True, public_summary="A ministry seeks reintegration advice."
    )
    filed.refresh_from_db()
    assert filed.is_shared
    cases = [
        PolicyCase("support.read_summary", {"*": True}, obj=filed),
        PolicyCase("support.offer", {role: role != "anonymous" for role in ROLES}, obj=filed),
    ]
    assert check_policy_matrix(cases) == []
