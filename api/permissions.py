"""The API asks the same permission policies as the pages: a viewset names the app's ``policy``
and the action it serves (``policy_action``); lists come from the policy's ``instances`` (or a
selector already narrowed to them) and each object is checked with ``policy.can``."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class PolicyPermission(BasePermission):
    """Allows what ``view.policy`` allows for ``view.policy_action``; nothing when it is unset."""

    def has_permission(self, request: Request, view: Any) -> bool:
        policy = getattr(view, "policy", None)
        return policy is not None and policy.can(request.user, view.policy_action)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return view.policy.can(request.user, view.policy_action, obj)
