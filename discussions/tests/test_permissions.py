"""Every discussion URL × every role, and the policy's answers for each kind of space."""

import pytest
from django.core.files.base import ContentFile

from discussions.choices import Access, ContributionStatus, SpaceStatus
from discussions.models import ContributionFile
from tests.factories import UserFactory
from tests.matrix import Case, PolicyCase, check_matrix, check_policy_matrix

from .conftest import make_contribution, make_question, make_space

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "member",
    "reviewer",
    "curator",
    "moderator",
    "administrator",
    "space_moderator",
    "invited",
)
MODERATORS = ("curator", "moderator", "administrator", "space_moderator")


def _expect(default: str, **roles: str) -> dict[str, str]:
    return {"*": default, **roles}


def _moderators_only(anonymous: str = "login", others: str = "hidden") -> dict[str, str]:
    return _expect(others, anonymous=anonymous, **dict.fromkeys(MODERATORS, "ok"))


@pytest.fixture
def world(states_group):
    author = UserFactory(roles=["member"])
    space_moderator = UserFactory(roles=["member"])
    invited = UserFactory(roles=["member"])
    invited.groups.add(states_group)
    spaces = {
        "public": make_space("public"),
        "members": make_space("members", access=Access.MEMBERS),
        "invited": make_space("invited", access=Access.INVITED, invited_group=states_group),
        "draft": make_space("draft", status=SpaceStatus.DRAFT),
        "closed": make_space("closed", status=SpaceStatus.CLOSED),
    }
    for space in spaces.values():
        space.moderators.add(space_moderator)
    question = make_question(spaces["public"])
    item = make_contribution(question, author)
    pending = make_contribution(question, author, status=ContributionStatus.PENDING)
    attached = ContributionFile(contribution=item, name="note.txt", mime="text/plain", size=4)
    attached.file.save("note.txt", ContentFile(b"note"), save=True)
    return {
        "spaces": spaces,
        "question": question,
        "item": item,
        "pending": pending,
        "file": attached,
        "actors": {"space_moderator": space_moderator, "invited": invited},
    }


def test_every_url_for_every_role(world):
    q, item, pending = world["question"], world["item"], world["pending"]
    base = "/en/discussions"
    readers_of_members = _expect("ok", anonymous="hidden")
    readers_of_invited = _expect("hidden", invited="ok", **dict.fromkeys(MODERATORS, "ok"))
    post_only = _expect("not-allowed", anonymous="login")
    cases = [
        Case(f"{base}/", _expect("ok")),
        Case(f"{base}/public/", _expect("ok")),
        Case(f"{base}/members/", readers_of_members),
        Case(f"{base}/invited/", readers_of_invited),
        Case(f"{base}/draft/", _expect("hidden", **dict.fromkeys(MODERATORS, "ok"))),
        Case(f"{base}/closed/", _expect("ok")),
        Case(f"{base}/public/questions/{q.pk}/", _expect("ok")),
        Case(f"{base}/members/questions/{q.pk}/", _expect("hidden")),  # not its question
        Case(f"{base}/public/contributions/{item.pk}/", _expect("redirect")),
        Case(
            f"{base}/public/contributions/{pending.pk}/",
            _expect("hidden", **dict.fromkeys(MODERATORS, "redirect")),
        ),
        Case(f"{base}/public/contributions/{item.pk}/flag/", _expect("ok", anonymous="login")),
        Case(f"{base}/public/attachments/{world['file'].pk}/", _expect("ok")),
        Case(f"{base}/public/follow/", post_only),
        Case(f"{base}/public/questions/{q.pk}/follow/", post_only),
        Case(f"{base}/public/moderation/", _moderators_only()),
        Case(f"{base}/public/moderation/log/", _moderators_only()),
        Case(f"{base}/public/moderation/question/", post_only),
        Case(f"{base}/public/moderation/status/", post_only),
        Case(f"{base}/public/moderation/{item.pk}/hide/", post_only),
        Case(f"{base}/public/export.csv", _expect("hidden", anonymous="login")),
        Case(f"{base}/closed/export.csv", _moderators_only()),
        Case(f"{base}/closed/export.docx", _moderators_only()),
        Case(f"{base}/closed/synthesis/", _moderators_only()),
    ]
    problems = check_matrix(cases, roles=ROLES, actors=world["actors"])
    assert problems == []


def test_the_policy_for_every_kind_of_space(world):
    spaces = world["spaces"]
    everyone = {"*": True}
    signed = {"*": True, "anonymous": False}
    mods = {"*": False, **dict.fromkeys(MODERATORS, True)}
    cases = [
        PolicyCase("discussions.view", everyone, spaces["public"]),
        PolicyCase("discussions.view", signed, spaces["members"]),
        PolicyCase("discussions.view", {**mods, "invited": True}, spaces["invited"]),
        PolicyCase("discussions.view", mods, spaces["draft"]),
        PolicyCase("discussions.contribute", signed, spaces["public"]),
        PolicyCase("discussions.contribute", {**mods, "invited": True}, spaces["invited"]),
        PolicyCase("discussions.contribute", {"*": False}, spaces["closed"]),
        PolicyCase("discussions.moderate", mods, spaces["public"]),
        PolicyCase("discussions.export", {"*": False}, spaces["public"]),
        PolicyCase("discussions.export", mods, spaces["closed"]),
        PolicyCase("discussions.view_contribution", everyone, world["item"]),
        PolicyCase("discussions.view_contribution", mods, world["pending"]),
        PolicyCase("discussions.flag", signed, world["item"]),
    ]
    problems = check_policy_matrix(cases, roles=ROLES, actors=world["actors"])
    assert problems == []
