"""Writes shared by every app."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def audit_record(
    *,
    actor: Any,
    target: models.Model,
    verb: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> AuditEvent:
    """Append one event to the audit log. Call it inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        verb=verb,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
