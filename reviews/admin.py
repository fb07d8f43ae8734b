"""Admin of peer review. The roster first; the review workflow follows."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import (
    Decision,
    MessageTemplate,
    Review,
    ReviewAssignment,
    ReviewerProfile,
    RosterApplication,
)

# --- The roster -------------------------------------------------------------------------------

EXPERTISE_M2M = ["objectives", "themes", "reading_languages", "regions", "countries"]


@admin.register(RosterApplication)
class RosterApplicationAdmin(admin.ModelAdmin):
    """Read here; decide on the application page so the applicant is told and audited."""

    list_display = ["user", "organisation", "is_un", "status", "created_at", "decided_at"]
    list_filter = ["status", "is_un", "reading_languages"]
    search_fields = ["user__email", "user__name", "organisation"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    filter_horizontal = EXPERTISE_M2M
    readonly_fields = ["user", "status", "decided_by", "decided_at", "decision_message", "cv_link"]
    exclude = ["cv"]  # private: no storage URL; offered through the permission-checked view
    view_on_site = True

    @admin.display(description=_("CV"))
    def cv_link(self, obj: RosterApplication) -> str:
        if not obj.cv:
            return "—"
        url = reverse("reviews:application_cv", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.cv_name or _("Download the CV"))

    def get_view_on_site_url(self, obj: RosterApplication | None = None) -> str | None:
        return reverse("reviews:application_detail", kwargs={"pk": obj.pk}) if obj else None


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "organisation",
        "is_un",
        "years_experience",
        "reviews_per_year",
        "is_active",
    ]
    list_filter = ["is_active", "is_un", "reading_languages", "themes"]
    search_fields = ["user__email", "user__name", "organisation"]
    list_select_related = ["user"]
    filter_horizontal = EXPERTISE_M2M
    raw_id_fields = ["user"]


# --- The review workflow ----------------------------------------------------------------------


# The review workflow: read-mostly; every change goes through the services.


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ["submission", "reviewer", "status", "is_internal", "tie_break", "due_at"]
    list_filter = ["status", "is_internal", "tie_break"]
    search_fields = ["submission__reference", "reviewer__email"]
    readonly_fields = ["submission", "reviewer", "status", "affinity", "explanation", "version"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["assignment", "version", "recommendation", "submitted_at"]
    list_filter = ["recommendation"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["submission", "outcome", "decided_by", "created_at", "publish_at"]
    list_filter = ["outcome"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MessageTemplate)
class MessageTemplateAdmin(TranslationAdmin):
    list_display = ["kind", "subject"]
