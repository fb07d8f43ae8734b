from typing import Any

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Contribution, Flag, Question, Space
from .schedule import space_save


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("position", "title", "language")


@admin.register(Space)
class SpaceAdmin(TranslationAdmin):
    """The Hub team writes spaces here; saving sets the opening and closing timers. Statuses move
    on the space's moderation page (audited), or by themselves at their instants."""

    list_display = ("title", "status", "access", "opens_at", "closes_at")
    list_filter = ("status", "access")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("status", "synthesis_published_at")
    filter_horizontal = ("languages", "objectives", "moderators")
    raw_id_fields = ("practices",)
    inlines = [QuestionInline]

    def save_model(self, request: Any, obj: Space, form: Any, change: bool) -> None:
        space_save(space=obj, actor=request.user)


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    """Read-only: moderators work on the space's moderation page."""

    list_display = ("__str__", "author", "question", "language", "status", "created_at")
    list_filter = ("status", "language")
    readonly_fields = [field.name for field in Contribution._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False


admin.site.register(Flag)
