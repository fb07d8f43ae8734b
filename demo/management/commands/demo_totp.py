"""Print the current two-factor codes of the demo accounts (DEBUG only)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from demo.accounts import ACCOUNTS, demo_totp_secret


class Command(BaseCommand):
    help = "Print the current TOTP codes of the demo curator and administrator (DEBUG only)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Only available when DEBUG is on.")
        counter = int(timezone.now().timestamp()) // 30
        for email, *_rest in ACCOUNTS:
            user = User.objects.filter(email=email).first()
            has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
            if user is None or not has_totp.exists():
                continue
            code = format_hotp_value(hotp_value(demo_totp_secret(email), counter))
            self.stdout.write(f"{email:<26} {code}")
