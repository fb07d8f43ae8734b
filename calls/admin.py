from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.errors import DomainError

from .choices import CallStatus
from .models import Call, CallPartner
from .services import call_save, call_schedule, call_transition


class PartnerInline(admin.TabularInline):
    model = CallPartner
    extra = 1


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    """Curators author calls here; "View on site" previews a draft as the public will see it."""

    list_display = ["title", "status", "opens_at", "deadline"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ["objectives"]
    readonly_fields = ["status"]
    inlines = [PartnerInline]
    actions = ["schedule", "close_now", "archive"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        call_save(call=obj, actor=request.user)

    def _run(self, request, queryset, action) -> None:
        for call in queryset:
            try:
                action(call)
            except DomainError as error:  # a refused move, or an actor the policy refuses
                self.message_user(request, f"{call}: {error}", messages.ERROR)

    @admin.action(description=_("Schedule: open and close at the call's instants"))
    def schedule(self, request, queryset) -> None:
        self._run(request, queryset, lambda call: call_schedule(call=call, actor=request.user))

    @admin.action(description=_("Close now"))
    def close_now(self, request, queryset) -> None:
        self._run(
            request,
            queryset,
            lambda call: call_transition(call=call, to=CallStatus.CLOSED, actor=request.user),
        )

    @admin.action(description=_("Archive"))
    def archive(self, request, queryset) -> None:
        self._run(
            request,
            queryset,
            lambda call: call_transition(call=call, to=CallStatus.ARCHIVED, actor=request.user),
        )
