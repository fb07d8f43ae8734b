"""The shape every app's policy shares (core.permissions), the template filter that asks the
policies, and a refused service call answered like a missing page."""

from enum import StrEnum

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from core.errors import NotAllowedError
from core.middleware import NotAllowedMiddleware
from core.permissions import Policy, Rule, anyone, nobody, policy_for, signed_in
from tests.matrix import make_actor

pytestmark = pytest.mark.django_db

User = get_user_model()  # core names no domain app, not even in its tests


class Action(StrEnum):
    READ = "read"
    WRITE = "write"


def test_a_policy_needs_a_rule_for_every_action():
    with pytest.raises(ValueError, match="write"):
        Policy("example", Action, {Action.READ: Rule(User, allowed=anyone)})


def test_an_action_the_app_does_not_declare_is_an_error_not_a_refusal():
    policy = Policy("example", Action, {a: Rule(User, allowed=anyone) for a in Action})
    with pytest.raises(ValueError, match="reed"):
        policy.can(None, "reed")


def test_require_refuses_a_missing_actor_unless_the_hub_itself_runs_the_service():
    policy = Policy(
        "example",
        Action,
        {Action.READ: Rule(User, allowed=signed_in), Action.WRITE: Rule(User, allowed=nobody)},
    )
    with pytest.raises(NotAllowedError):
        policy.require(None, Action.READ)
    policy.require(None, Action.READ, system=True)
    with pytest.raises(NotAllowedError):
        policy.require(make_actor("member"), Action.WRITE)


def test_require_checks_the_person_and_leaves_the_state_to_the_workflow():
    person = make_actor("member")
    policy = Policy(
        "example",
        Action,
        {
            Action.READ: Rule(User, allowed=anyone),
            Action.WRITE: Rule(
                User, allowed=signed_in, on=lambda u, o: u == o, when=lambda o: not o.is_active
            ),
        },
    )
    assert not policy.can(person, Action.WRITE, person)  # the state refuses
    policy.require(person, Action.WRITE, person)  # the person may: the service decides on state
    with pytest.raises(NotAllowedError):
        policy.require(make_actor("member"), Action.WRITE, person)


def test_get_for_answers_404_alike_for_missing_and_forbidden():
    policy = Policy(
        "example",
        Action,
        {
            Action.READ: Rule(User, allowed=signed_in, on=lambda u, o: u == o),
            Action.WRITE: Rule(User, allowed=nobody),
        },
    )
    person = make_actor("member")
    assert policy.get_for(person, Action.READ, pk=person.pk) == person
    for pk in (make_actor("member").pk, 10**9):
        with pytest.raises(Http404):
            policy.get_for(person, Action.WRITE, pk=pk)


def test_every_app_policy_is_found_by_its_label():
    for label in (
        "accounts",
        "calls",
        "insights",
        "repository",
        "reviews",
        "search",
        "submissions",
    ):
        assert policy_for(label).label == label


@pytest.mark.parametrize(
    ("role", "team", "reviews"),
    [
        ("anonymous", False, False),
        ("member", False, False),
        ("reviewer", False, True),
        ("curator", True, False),
        ("administrator", True, True),
    ],
)
def test_the_can_filter_asks_the_apps_policy(role, team, reviews):
    template = Template(
        '{% load policy %}{% if user|can:"reviews.screen" %}team {% endif %}'
        '{% if user|can:"reviews.review" %}reviews{% endif %}'
    )
    user = make_actor(role) or AnonymousUser()
    text = template.render(Context({"user": user}))
    assert ("team" in text, "reviews" in text) == (team, reviews)


def test_the_account_menu_offers_the_hub_team_and_reviews_by_role(client):
    curator = make_actor("curator")
    client.force_login(curator)
    page = client.get(reverse("home")).content.decode()
    assert reverse("reviews:screening") in page
    assert reverse("reviews:my_reviews") not in page
    client.force_login(make_actor("reviewer"))
    page = client.get(reverse("home")).content.decode()
    assert reverse("reviews:screening") not in page
    assert reverse("reviews:my_reviews") in page


def test_a_refused_service_call_that_reaches_a_view_is_a_404():
    middleware = NotAllowedMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    with pytest.raises(Http404):
        middleware.process_exception(request, NotAllowedError())
    assert middleware.process_exception(request, ValueError()) is None
