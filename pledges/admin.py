from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.errors import DomainError

from .choices import PledgeStatus
from .models import Pledge, PledgeUpdate
from .services import pledge_move, pledge_save


class UpdateInline(admin.TabularInline):
    model = PledgeUpdate
    extra = 0
    fields = ["decided_at", "language", "text", "status", "author"]
    readonly_fields = ["status", "author"]


@admin.register(Pledge)
class PledgeAdmin(TranslationAdmin):
    """The Hub team writes pledges here; statuses change through the workflow (updates)."""

    list_display = ["title", "entity", "entity_type", "status", "pledged_on"]
    list_filter = ["entity_type", "status"]
    search_fields = ["title", "entity", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ["objectives", "countries", "focal_points"]
    autocomplete_fields = ["practices"]
    readonly_fields = ["status"]
    inlines = [UpdateInline]

    actions = ["publish", "mark_in_progress", "mark_fulfilled", "withdraw"]

    @admin.action(description=_("Publish the selected drafts (status: not started)"))
    def publish(self, request, queryset):
        self._each(request, queryset, PledgeStatus.PLANNED)

    @admin.action(description=_("Mark the selected pledges as in progress"))
    def mark_in_progress(self, request, queryset):
        self._each(request, queryset, PledgeStatus.IN_PROGRESS)

    @admin.action(description=_("Mark the selected pledges as fulfilled"))
    def mark_fulfilled(self, request, queryset):
        self._each(request, queryset, PledgeStatus.FULFILLED)

    @admin.action(description=_("Withdraw the selected pledges"))
    def withdraw(self, request, queryset):
        self._each(request, queryset, PledgeStatus.WITHDRAWN)

    def save_model(self, request, obj, form, change):
        pledge_save(pledge=obj, actor=request.user)

    def _each(self, request, queryset, to: str) -> None:
        for pledge in queryset:
            try:
                pledge_move(pledge=pledge, to=to, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{pledge}: {error}", level=messages.ERROR)
