from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .audit import sentence
from .choices import MailStatus
from .mail import outbox_counts, outbox_send_again
from .models import AuditEvent, OutgoingMail, PeriodicJob, SiteSettings, WorkerBeat


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record the Hub writes itself: listed and read in the admin, never added, edited or
    deleted there (actions may still act on it)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslationAdmin):
    def has_add_permission(self, request) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
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


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    """The outbox (core/mail.py): every e-mail the Hub sends, and whether it has left. Read-only
    but for "Send again"; the page starts with the count of mail waiting and failed."""

    list_display = ["created_at", "subject", "recipients", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "key", "message_id"]
    exclude = ["message"]
    actions = ["send_again"]

    def changelist_view(self, request, extra_context=None):
        counts = outbox_counts()
        messages.info(
            request,
            _(
                "Waiting to be sent: %(waiting)d. Not sent (refused or given up): %(failed)d. "
                "Interrupted while sending, may or may not have left: %(interrupted)d."
            )
            % counts,
        )
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Send again (failed or interrupted e-mails)"))
    def send_again(self, request, queryset) -> None:
        stuck = queryset.filter(status__in=[MailStatus.FAILED, MailStatus.SENDING])
        count = outbox_send_again(pks=list(stuck.values_list("pk", flat=True)))
        messages.success(request, _("E-mails put back in the queue: %(count)d.") % {"count": count})
