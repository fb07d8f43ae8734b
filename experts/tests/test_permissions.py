"""The expert directory's policy answers through core.permissions like every app's: the
template filter and the policy matrix reach it (they refused the old module-level functions)."""

import pytest
from django.utils import timezone

from experts.choices import ProfileStatus
from experts.models import ExpertBlock, ExpertProfile
from taxonomy.models import Language
from tests.factories import UserFactory
from tests.matrix import ROLES, PolicyCase, check_policy_matrix

pytestmark = pytest.mark.django_db

TEAM = {"curator": True, "administrator": True, "*": False}


def _profile(name: str, *, listed: bool, user=None) -> ExpertProfile:
    return ExpertProfile.objects.create(
        user=user or UserFactory(),
        slug=name.lower().replace(" ", "-"),
        name=name,
        email=f"{name.split()[0].lower()}@expert.example.org",
        bio="I advise ministries on fair recruitment of migrant workers.",
        bio_language=Language.objects.get(code="en"),
        status=ProfileStatus.LISTED if listed else ProfileStatus.PENDING,
        verified_at=timezone.now() if listed else None,
    )


def test_listed_profiles_are_public_waiting_ones_only_for_their_owner_and_the_team():
    owner = UserFactory()
    listed = _profile("Grace Mensah", listed=True, user=owner)
    waiting = _profile("Omar Haddad", listed=False)
    signed_in = {role: role != "anonymous" for role in ROLES}
    cases = [
        PolicyCase("experts.view", {"*": True}, obj=listed),
        PolicyCase("experts.view", TEAM, obj=waiting),
        PolicyCase("experts.contact", signed_in, obj=listed),
        PolicyCase("experts.contact", {"*": False}, obj=waiting),
        PolicyCase("experts.edit", {"*": False}, obj=listed),
        PolicyCase("experts.verify", TEAM),
    ]
    assert check_policy_matrix(cases) == []
    owners = {"owner": owner}
    own = [
        PolicyCase("experts.edit", {"*": True}, obj=listed),
        PolicyCase("experts.contact", {"*": False}, obj=listed),  # not oneself
    ]
    assert check_policy_matrix(own, roles=["owner"], actors=owners) == []


def test_an_expert_who_blocked_a_sender_cannot_be_written_to_by_them():
    listed = _profile("Grace Mensah", listed=True)
    sender = UserFactory()
    ExpertBlock.objects.create(expert=listed, sender=sender)
    cases = [PolicyCase("experts.contact", {"*": False}, obj=listed)]
    assert check_policy_matrix(cases, roles=["sender"], actors={"sender": sender}) == []
