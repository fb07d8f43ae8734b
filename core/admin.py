from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .audit import sentence
from .models import AuditEvent, PeriodicJob, SiteSettings, WorkerBeat


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslationAdmin):
    def has_add_permission(self, request) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services only."""

    list_display = [
        "created_at",
        "what_happened",
        "actor",
        "verb",
        "target_type",
        "target_id",
        "from_status",
        "to_status",
    ]
    list_filter = ["verb", "target_type"]
    search_fields = ["target_id", "note", "actor__email"]

    @admin.display(description=_("what happened"))
    def what_happened(self, obj: AuditEvent) -> str:
        return sentence(obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkerBeat)
class WorkerBeatAdmin(admin.ModelAdmin):
    """The task workers alive now (and dead ones not yet noticed): read-only."""

    list_display = ["worker_id", "host", "pid", "started_at", "seen_at"]
    ordering = ["-seen_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    """When each periodic job runs next; editing ``next run at`` runs it sooner or later."""

    list_display = ["name", "next_run_at", "last_enqueued_at"]
    fields = ["name", "next_run_at", "last_enqueued_at"]
    readonly_fields = ["name", "last_enqueued_at"]

    def has_add_permission(self, request) -> bool:
        return False
