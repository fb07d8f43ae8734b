from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from . import models


@admin.register(models.Objective)
class ObjectiveAdmin(TranslationAdmin):
    list_display = ["number", "short_name", "colour"]


@admin.register(models.Country)
class CountryAdmin(TranslationAdmin):
    list_display = ["code", "name", "region", "subregion"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(models.Region)
class RegionAdmin(TranslationAdmin):
    list_display = ["m49", "name", "level", "parent"]
    list_filter = ["level"]


@admin.register(models.SDG)
class SDGAdmin(TranslationAdmin):
    list_display = ["number", "name"]


@admin.register(models.Language)
class LanguageAdmin(TranslationAdmin):
    list_display = ["code", "name", "sort_order"]


for _model in (
    models.Principle,
    models.ScopeLevel,
    models.PracticeType,
    models.OrganisationType,
    models.ResourceType,
    models.Theme,
):
    admin.site.register(_model, TranslationAdmin, list_display=["slug", "name", "sort_order"])
