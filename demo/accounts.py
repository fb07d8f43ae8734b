"""Demo accounts, one per role. Created only by ``load_demo`` (which refuses when DEBUG is off)."""

import base64
import hashlib

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings

from accounts.choices import Role
from accounts.models import User
from accounts.services import roles_ensure, user_grant_role

PASSWORD = "hub-demo-2026"  # noqa: S105 - demo accounts exist only with DEBUG on

ACCOUNTS = [
    # email, name, roles, is_un, language
    ("member@example.org", "Amina Diallo", [Role.MEMBER], False, "fr"),
    ("focalpoint@example.org", "Lucía Fernández", [Role.MEMBER, Role.FOCAL_POINT], False, "es"),
    ("reviewer@example.org", "Kwame Mensah", [Role.MEMBER, Role.REVIEWER], False, "en"),
    ("un.reviewer@example.org", "Sofia Rossi", [Role.MEMBER, Role.REVIEWER], True, "en"),
    ("moderator@example.org", "Jean Dupont", [Role.MEMBER, Role.MODERATOR], False, "fr"),
    ("curator@example.org", "Hana Tanaka", [Role.MEMBER, Role.CURATOR], True, "en"),
    ("admin@example.org", "Omar Haddad", [Role.ADMINISTRATOR], True, "en"),
]


def demo_totp_secret(email: str) -> str:
    """A TOTP secret derived from the install's SECRET_KEY, so it is stable but not public."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{email}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()


def load() -> int:
    roles_ensure()
    created = 0
    for email, name, roles, is_un, language in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is not None:
            continue
        user = User.objects.create_user(email, PASSWORD, name=name, is_un=is_un, language=language)
        if Role.ADMINISTRATOR in roles:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        if Role.CURATOR in roles:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        for role in roles:
            user_grant_role(user=user, role=role)
        if not Authenticator.objects.filter(user=user).exists() and (
            Role.CURATOR in roles or Role.ADMINISTRATOR in roles
        ):
            TOTP.activate(user, demo_totp_secret(email))
        created += 1
    return created


def describe() -> str:
    lines = ["", f"Demo accounts (password for all: {PASSWORD})"]
    for email, _name, roles, _is_un, _language in ACCOUNTS:
        lines.append(f"  {email:<26} {', '.join(r.value for r in roles)}")
    lines.append("  Curators and administrators use two-factor authentication:")
    lines.append("  `make totp` prints their current codes.")
    return "\n".join(lines)
