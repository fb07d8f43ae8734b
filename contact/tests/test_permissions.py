"""The contact policy answers through core.permissions like every app's: the template filter
and the policy matrix reach it (they refused the old module-level functions)."""

import pytest

from contact.services import message_receive
from tests.matrix import PolicyCase, check_policy_matrix

pytestmark = pytest.mark.django_db

TEAM = {"curator": True, "administrator": True, "*": False}


def _message():
    return message_receive(
        sender=None,
        language="en",
        category="technical",
        name="Amina Diallo",
        email="amina@example.org",
        organisation="",
        subject="The upload button does nothing",
        body="When I attach my PDF the page reloads and the file is not there.",
    )


def test_anyone_writes_to_the_team_and_only_the_team_works_the_inbox():
    message = _message()
    cases = [
        PolicyCase("contact.send", {"*": True}),
        PolicyCase("contact.work", TEAM),
        PolicyCase("contact.work", TEAM, obj=message),
    ]
    assert check_policy_matrix(cases) == []
