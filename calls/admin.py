from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Call


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ["title", "status", "opens_at", "deadline"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ["objectives"]
    readonly_fields = ["status"]
