"""The Hub team writes featured pages here: texts in every language, the practices in order with
a takeaway each; publishing, scheduling and withdrawing go through the services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.errors import DomainError

from .models import FeaturedPractice, FeaturedSelection, OutputJob
from .services import featured_publish, featured_save, featured_schedule, featured_withdraw


class FeaturedPracticeInline(TranslationTabularInline):
    model = FeaturedPractice
    extra = 1
    raw_id_fields = ("practice",)
    fields = ("position", "practice", "note")


def _schedule(*, selection: FeaturedSelection, actor) -> FeaturedSelection:
    """Schedule the page for the instant written in its "publish at" field."""
    if selection.publish_at is None:
        raise DomainError(_("Write the instant in “publish at” first, then schedule the page."))
    return featured_schedule(selection=selection, publish_at=selection.publish_at, actor=actor)


@admin.register(FeaturedSelection)
class FeaturedSelectionAdmin(TranslationAdmin):
    list_display = ("title", "call", "status", "publish_at", "published_at")
    list_filter = ("status",)
    raw_id_fields = ("call",)
    fields = ("call", "title", "introduction", "status", "publish_at", "published_at")
    readonly_fields = ("status", "published_at")
    inlines = [FeaturedPracticeInline]
    actions = ["publish", "schedule", "withdraw"]

    def save_model(self, request, obj, form, change) -> None:
        featured_save(selection=obj, actor=request.user)

    def _each(self, request, queryset, service, done) -> None:
        for selection in queryset:
            try:
                service(selection=selection, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{selection}: {error}", messages.ERROR)
            else:
                self.message_user(request, done % {"title": selection.title})

    @admin.action(description=_("Publish the selected pages now"))
    def publish(self, request, queryset) -> None:
        self._each(request, queryset, featured_publish, _("“%(title)s” is published."))

    @admin.action(description=_("Schedule the selected pages for their “publish at” instant"))
    def schedule(self, request, queryset) -> None:
        self._each(request, queryset, _schedule, _("“%(title)s” is scheduled."))

    @admin.action(description=_("Return the selected pages to draft"))
    def withdraw(self, request, queryset) -> None:
        self._each(request, queryset, featured_withdraw, _("“%(title)s” is a draft again."))


@admin.register(OutputJob)
class OutputJobAdmin(admin.ModelAdmin):
    list_display = ("kind", "call", "query", "language", "status", "done", "total", "created_at")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in OutputJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
