"""Signal receivers of the accounts app."""

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def second_factor_set_up(
    sender: Any, request: Any, user: Any, authenticator: Any, **kwargs
) -> None:
    """Setting TOTP up means typing a valid code from the new device: this session has now
    used the second factor, as if the person had signed in with it (accounts/middleware.py)."""
    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
