from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from discussions.choices import Access, ContributionStatus, SpaceStatus
from discussions.models import Contribution, Question, Space
from tests.factories import UserFactory


def make_space(slug="imrf-consultation", **fields) -> Space:
    now = timezone.now()
    values = {
        "slug": slug,
        "title": "Consultation before the Review Forum",
        "context": "Share what **works** in your country.",
        "status": SpaceStatus.OPEN,
        "access": Access.PUBLIC,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
    }
    values.update(fields)
    return Space.objects.create(**values)


def make_question(space: Space, title="What has worked in your country?", **fields) -> Question:
    return Question.objects.create(space=space, title=title, language="en", **fields)


def make_contribution(question: Question, author, body="Our one-stop centres helped.", **fields):
    values = {"language": "en", "status": ContributionStatus.PUBLISHED}
    values.update(fields)
    return Contribution.objects.create(question=question, author=author, body=body, **values)


@pytest.fixture
def space(db):
    return make_space()


@pytest.fixture
def question(space):
    return make_question(space)


@pytest.fixture
def member(db):
    return UserFactory(roles=["member"], name="Amina Diallo")


@pytest.fixture
def trusted(question):
    """A member with enough published contributions to write without waiting."""
    person = UserFactory(roles=["member"], name="Kwame Mensah")
    for _ in range(2):
        make_contribution(question, person)
    return person


@pytest.fixture
def moderator(space):
    person = UserFactory(roles=["member"], name="Jean Dupont")
    space.moderators.add(person)
    return person


@pytest.fixture
def states_group(db):
    return Group.objects.get_or_create(name="Member States")[0]
