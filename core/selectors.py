"""Reads shared by every app."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.db.models import QuerySet

from .models import AuditEvent

_migrations_applied = False


def audit_history(target: models.Model) -> QuerySet[AuditEvent]:
    """Events of one object, oldest first, with their actors."""
    return (
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )


def database_is_ready() -> bool:
    """True when the database answers and every migration is applied.

    A positive migration check is remembered for the life of the process: migrations are only
    applied by a deploy, which starts new processes.
    """
    global _migrations_applied
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        if not _migrations_applied:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            _migrations_applied = not plan
        return _migrations_applied
    except Exception:  # any database failure means "not ready"
        return False
