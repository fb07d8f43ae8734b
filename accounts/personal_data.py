"""What the Hub holds about a person: everything, as one JSON document, and its erasure.

The export walks every model that points at the person (a foreign key, a one-to-one or a
many-to-many to the user model), so an app added later is exported without being listed here.
Secrets are left out (password hashes, authenticator keys, confirmation keys, session data).

Erasure follows the rule in docs/privacy.md: the account is anonymised rather than removed, so
what the person published on behalf of their organisation stays with the organisation and loses
the name; the apps remove what is only personal through the erasers they register here
(``register_eraser`` in their ``AppConfig.ready``).
"""

from collections.abc import Callable, Iterator
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.core import serializers
from django.db import models, transaction
from django.utils import timezone

from core.choices import AuditVerb
from core.models import Notification
from core.services import audit_record
from core.types import Actor

from .models import User
from .permissions import AccountAction, policy

FORMAT = "hub-personal-data/1"
# Fields never exported, by model label: secrets that are no use to the person.
SECRET_FIELDS: dict[str, set[str]] = {
    "accounts.user": {"password"},
    "mfa.authenticator": {"data"},
    "usersessions.usersession": {"data"},
    "account.emailconfirmation": {"key"},
}
Eraser = Callable[[User], None]
_erasers: list[Eraser] = []


def register_eraser(eraser: Eraser) -> Eraser:
    """Run ``eraser(user)`` inside :func:`account_erase`'s transaction (idempotent, please)."""
    if eraser not in _erasers:
        _erasers.append(eraser)
    return eraser


def _row(obj: models.Model) -> dict[str, Any]:
    data = serializers.serialize("python", [obj])[0]
    hidden = SECRET_FIELDS.get(obj._meta.label_lower, set())
    fields = {k: v for k, v in data["fields"].items() if k not in hidden}
    return {"id": data["pk"], **fields}


def _links_to_user() -> Iterator[tuple[type[models.Model], str]]:
    """(model, field name) for every field of any model that points at the user model."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is User:
                yield model, field.name


def personal_data(user: User) -> dict[str, Any]:
    """Everything the Hub holds about ``user``, grouped by kind of record, JSON-ready."""
    records = []
    for model, field in _links_to_user():
        if model is User:
            continue
        rows = [_row(obj) for obj in model._default_manager.filter(**{field: user}).distinct()]
        if rows:
            records.append(
                {
                    "kind": model._meta.label_lower,
                    "name": str(model._meta.verbose_name_plural),
                    "linked_as": str(getattr(model._meta.get_field(field), "verbose_name", field)),
                    "items": rows,
                }
            )
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": _row(user),
        "records": records,
    }


@transaction.atomic
def account_erase(*, user: User, actor: Actor) -> None:
    """Anonymise ``user``'s account and remove what is only theirs (docs/privacy.md)."""
    policy.require(actor, AccountAction.EDIT_PROFILE, user)
    for eraser in _erasers:
        eraser(user)
    for session in UserSession.objects.filter(user=user):
        session.end()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    user.working_languages.clear()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.name = user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit_record(actor=None, target=user, verb=AuditVerb.ACCOUNT_ERASED)
