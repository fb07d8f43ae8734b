"""The repository policy for every role, and publication services refusing an actor it
refuses (imports and the publication task run as the Hub itself)."""

import pytest

from core.errors import NotAllowedError
from repository.choices import PublicationStatus
from repository.permissions import RepositoryAction, policy
from repository.services import practice_unpublish, practice_update, resource_republish
from tests.factories import PracticeFactory, ResourceFactory, UserFactory
from tests.matrix import PolicyCase, check_policy_matrix

pytestmark = pytest.mark.django_db

TEAM = {"curator": True, "administrator": True}


def test_published_items_are_for_everyone_and_the_rest_for_the_team():
    hidden = PublicationStatus.UNPUBLISHED
    cases = [
        PolicyCase("repository.view", {"*": True}, PracticeFactory()),
        PolicyCase("repository.view", {"*": True}, ResourceFactory()),
        PolicyCase("repository.view", {"*": False, **TEAM}, PracticeFactory(status=hidden)),
        PolicyCase("repository.view", {"*": False, **TEAM}, ResourceFactory(status=hidden)),
        PolicyCase("repository.manage", {"*": False, **TEAM}),
    ]
    assert check_policy_matrix(cases) == []


def test_instances_of_resources_are_asked_with_a_queryset_of_resources():
    shown, hidden = ResourceFactory(), ResourceFactory(status=PublicationStatus.UNPUBLISHED)
    resources = type(shown).objects.all()
    assert list(policy.instances(None, RepositoryAction.VIEW, resources)) == [shown]
    curator = UserFactory(roles=["curator"])
    assert set(policy.instances(curator, RepositoryAction.VIEW, resources)) == {shown, hidden}


def test_a_member_cannot_unpublish_edit_or_publish():
    member, practice = UserFactory(roles=["member"]), PracticeFactory()
    with pytest.raises(NotAllowedError):
        practice_unpublish(practice=practice, actor=member)
    with pytest.raises(NotAllowedError):
        practice_update(practice=practice, actor=member, title="Defaced")
    resource = ResourceFactory(status=PublicationStatus.UNPUBLISHED)
    with pytest.raises(NotAllowedError):
        resource_republish(resource=resource, actor=member)
    practice.refresh_from_db()
    assert practice.status == PublicationStatus.PUBLISHED
    assert practice.title != "Defaced"
    unpublished = practice_unpublish(practice=practice, actor=None)  # a command, a task
    assert unpublished.status == PublicationStatus.UNPUBLISHED
