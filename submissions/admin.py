from django.contrib import admin

from .models import (
    Attachment,
    DeadlineExtension,
    Invitation,
    Message,
    SafeguardingFlag,
    Submission,
    SubmissionVersion,
)
from .services import extension_grant


class VersionInline(admin.TabularInline):
    model = SubmissionVersion
    extra = 0
    fields = ("number", "created_by", "created_at")
    readonly_fields = fields
    can_delete = False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("name", "mime", "size", "uploaded_by", "created_at", "removed_at")
    readonly_fields = fields
    can_delete = False


class FlagInline(admin.TabularInline):
    model = SafeguardingFlag
    extra = 0
    fields = ("field", "kind", "excerpt", "decision")
    readonly_fields = fields
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the review workflow, never the admin."""

    list_display = [
        "__str__",
        "title",
        "content_type",
        "call",
        "owner",
        "status",
        "safeguarding_flagged",
        "updated_at",
    ]
    list_filter = ["status", "content_type", "call", "safeguarding_flagged"]
    search_fields = ["reference", "title", "owner__email"]
    readonly_fields = [
        "uuid",
        "reference",
        "status",
        "revision",
        "submit_key",
        "submitted_at",
        "owner",
        "data",
        "eligibility",
        "finding_decisions",
    ]
    inlines = [VersionInline, AttachmentInline, FlagInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    list_display = ["call", "user", "until", "granted_by", "created_at"]
    autocomplete_fields = ["user"]
    readonly_fields = ["granted_by"]

    def save_model(self, request, obj, form, change) -> None:
        extension_grant(call=obj.call, user=obj.user, until=obj.until, actor=request.user)


admin.site.register(
    Invitation, list_display=["email", "submission", "invited_by", "created_at", "accepted_at"]
)
admin.site.register(Message, list_display=["submission", "author", "from_hub_team", "created_at"])
