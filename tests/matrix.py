"""Reusable permission-matrix helpers: every URL × every role, with the expected outcome
(``check_matrix``), and every policy question × every role (``check_policy_matrix``).

Outcomes: "ok" (200), "login" (redirect to sign-in), "denied" (403), "hidden" (404),
"redirect" (any 3xx).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.test import Client

from core.permissions import can, policy_for
from tests.factories import UserFactory, give_totp

ROLES = ("anonymous", "member", "reviewer", "curator", "moderator", "administrator")


def make_actor(role: str):
    """A signed-in person holding one role (curators and administrators have TOTP set up)."""
    if role == "anonymous":
        return None
    if role == "administrator":
        user = UserFactory(roles=["administrator"], is_staff=True, is_superuser=True)
    elif role == "curator":
        user = UserFactory(roles=["member", "curator"], is_staff=True)
    else:
        user = UserFactory(roles=["member", role] if role != "member" else ["member"])
    if role in ("curator", "administrator"):
        give_totp(user)
    return user


@dataclass
class Case:
    url: str | Callable[[], str]
    expect: dict[str, str]  # role -> outcome; "*" is the default


def outcome(status: int, location: str) -> str:
    if status == 200:
        return "ok"
    if status in (301, 302, 303):
        return "login" if "/login" in location else "redirect"
    return {403: "denied", 404: "hidden", 405: "not-allowed"}.get(status, str(status))


def check_matrix(
    cases: Iterable[Case], roles: Iterable[str] = ROLES, actors: dict | None = None
) -> list[str]:
    """Return one line per mismatch; an empty list means the matrix holds. ``actors`` maps
    extra role names (owner, assigned reviewer...) to the users who play them."""
    problems = []
    cases = list(cases)
    for role in roles:
        client = Client()
        user = (actors or {}).get(role) or make_actor(role)
        if user is not None:
            client.force_login(user)
        for case in cases:
            url = case.url() if callable(case.url) else case.url
            response = client.get(url)
            got = outcome(response.status_code, response.get("Location", ""))
            want = case.expect.get(role, case.expect.get("*"))
            if got != want:
                problems.append(f"{role:>13} GET {url}: expected {want}, got {got}")
    return problems


@dataclass
class PolicyCase:
    """One question to an app's permission policy: ``key`` is "<app>.<action>", ``obj`` the
    object (or a function building it; None asks without an object)."""

    key: str
    expect: dict[str, bool]  # role -> allowed; "*" is the default
    obj: Any = None


def check_policy_matrix(
    cases: Iterable[PolicyCase], roles: Iterable[str] = ROLES, actors: dict | None = None
) -> list[str]:
    """Ask ``can`` for every role × case and compare with the expectation; for an object, also
    check that ``instances`` holds it exactly when ``can`` allows it. Returns one line per
    mismatch; an empty list means the policy holds."""
    problems = []
    cases = list(cases)
    for role in roles:
        user = (actors or {}).get(role) or make_actor(role) or AnonymousUser()
        for case in cases:
            obj = case.obj() if callable(case.obj) else case.obj
            got = can(user, case.key, obj)
            want = case.expect.get(role, case.expect.get("*"))
            if got != want:
                problems.append(f"{role:>13} {case.key} {obj!r}: expected {want}, got {got}")
            if obj is not None:
                label, _dot, action = case.key.partition(".")
                listed = policy_for(label).instances(user, action, type(obj)._default_manager.all())
                if listed.filter(pk=obj.pk).exists() != got:
                    problems.append(f"{role:>13} {case.key} {obj!r}: instances disagrees with can")
    return problems
