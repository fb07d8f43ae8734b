from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.errors import DomainError

from .models import Event, Registration
from .services import event_cancel, event_publish


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ("user", "status", "language", "attended", "created_at")
    readonly_fields = ("user", "status", "created_at")
    can_delete = False


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    """The Hub team creates events here; status changes and edits that registrants must hear
    about go through the organisers' pages (services)."""

    list_display = ("title", "starts_at", "format", "audience", "status")
    list_filter = ("status", "format", "audience")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = (
        "interpretation_languages",
        "organisers",
        "speakers",
        "objectives",
        "principles",
    )
    autocomplete_fields = ("practices", "resources")
    readonly_fields = ("sequence", "status")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [RegistrationInline]
    actions = ("publish", "cancel")

    @admin.action(description=_("Publish the selected events"))
    def publish(self, request, queryset):
        self._each(request, queryset, event_publish)

    @admin.action(description=_("Cancel the selected events (registrants are told)"))
    def cancel(self, request, queryset):
        self._each(request, queryset, event_cancel)

    def _each(self, request, queryset, service) -> None:
        for event in queryset:
            try:
                service(event=event, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{event}: {error}", messages.ERROR)
