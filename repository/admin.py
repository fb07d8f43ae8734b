from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .choices import PublicationStatus
from .models import Practice, PracticeObjective, Resource, ResourceObjective
from .services import (
    PublicationError,
    item_refresh,
    practice_republish,
    practice_unpublish,
    resource_republish,
    resource_unpublish,
)


class _RefreshAfterSave:
    """Edits in the admin bypass the import service: recompute the derived columns after."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        item_refresh(item=form.instance, actor=request.user)


def _apply(request: HttpRequest, items: QuerySet, service: Any, key: str) -> None:
    done = 0
    for item in items:
        try:
            service(**{key: item, "actor": request.user})
            done += 1
        except PublicationError:
            continue
    messages.success(request, _("%(count)s item(s) changed.") % {"count": done})


class PracticeObjectiveInline(admin.TabularInline):
    model = PracticeObjective
    extra = 0


class ResourceObjectiveInline(admin.TabularInline):
    model = ResourceObjective
    extra = 0


@admin.register(Practice)
class PracticeAdmin(_RefreshAfterSave, admin.ModelAdmin):
    list_display = ["title", "language", "scope", "status", "featured", "published_at"]
    list_filter = ["status", "featured", "scope", "practice_type", "language"]
    search_fields = ["title", "slug", "implementer"]
    readonly_fields = ["status", "scope_rank", "objective_count", "covered_regions"]
    filter_horizontal = ["principles", "sdgs", "countries", "regions"]
    inlines = [PracticeObjectiveInline]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish the selected practices"))
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        _apply(
            request,
            queryset.exclude(status=PublicationStatus.PUBLISHED),
            practice_republish,
            "practice",
        )

    @admin.action(description=_("Unpublish the selected practices"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        _apply(
            request,
            queryset.filter(status=PublicationStatus.PUBLISHED),
            practice_unpublish,
            "practice",
        )


@admin.register(Resource)
class ResourceAdmin(_RefreshAfterSave, admin.ModelAdmin):
    list_display = ["title", "resource_type", "language", "status", "published_at"]
    list_filter = ["status", "resource_type", "language"]
    search_fields = ["title", "slug", "publisher"]
    readonly_fields = ["status", "scope_rank", "objective_count", "covered_regions"]
    filter_horizontal = ["principles", "countries", "regions", "other_languages"]
    inlines = [ResourceObjectiveInline]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish the selected resources"))
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        _apply(
            request,
            queryset.exclude(status=PublicationStatus.PUBLISHED),
            resource_republish,
            "resource",
        )

    @admin.action(description=_("Unpublish the selected resources"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        _apply(
            request,
            queryset.filter(status=PublicationStatus.PUBLISHED),
            resource_unpublish,
            "resource",
        )
