from django.contrib import admin

from .models import Activity, InternalNote, PartnerInterest, RequestMessage, SupportRequest


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    """Read-mostly: the team works requests on the Hub's own pages (statuses move through the
    workflow there, audited)."""

    list_display = ("reference", "title", "country", "support_type", "status", "created_at")
    list_filter = ("status", "support_type")
    search_fields = ("reference", "title", "institution")
    readonly_fields = ("reference", "status", "first_response_at", "agreed_at", "ended_at")
    raw_id_fields = ("requester",)
    filter_horizontal = ("objectives", "languages", "proposed_experts")
    inlines = [ActivityInline]


admin.site.register(RequestMessage)
admin.site.register(InternalNote)
admin.site.register(PartnerInterest)
