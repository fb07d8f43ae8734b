"""Two-factor authentication is required for the roles named in HUB_TWO_FACTOR_ROLES."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .permissions import needs_two_factor

# Paths a person without TOTP may still use: set TOTP up, sign out, assets.
ALLOWED_PREFIXES = ("/static/", "/media/", "/healthz", "/i18n/")
ALLOWED_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_index",
    "account_logout",
    "account_reauthenticate",
)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and not request.path.startswith(ALLOWED_PREFIXES)
            and needs_two_factor(user)
            and not self._allowed(request)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        return any(request.path == reverse(name) for name in ALLOWED_URL_NAMES)
