"""Two-factor authentication is required for the roles named in HUB_TWO_FACTOR_ROLES.

Having a TOTP device is not enough: the session itself must have been opened with it. allauth
writes each step of a sign-in into the session ("password", then "mfa"); a session of such a
person without an "mfa" step did not come through the Hub's sign-in (docs/security.md), so it
is closed and the person is sent to sign in again.
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import needs_two_factor, session_used_second_factor

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
        if user is None or request.path.startswith(ALLOWED_PREFIXES) or not needs_two_factor(user):
            return self.get_response(request)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            if self._allowed(request):
                return self.get_response(request)
            return redirect("mfa_activate_totp")
        if not session_used_second_factor(request, user):
            return self._sign_in_again(request)
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        return any(request.path == reverse(name) for name in ALLOWED_URL_NAMES)

    @staticmethod
    def _sign_in_again(request: HttpRequest) -> HttpResponse:
        logout(request)
        messages.warning(
            request,
            _("Please sign in again with your password and your authentication code."),
            fail_silently=True,
        )
        next_url = request.get_full_path() if request.method == "GET" else None
        return redirect_to_login(next_url or reverse("home"), reverse("account_login"))
