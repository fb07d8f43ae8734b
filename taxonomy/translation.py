from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.Objective)
class ObjectiveTranslation(TranslationOptions):
    fields = ("short_name", "title")


@register(models.Principle)
class PrincipleTranslation(TranslationOptions):
    fields = ("name", "description")


@register(
    [
        models.SDG,
        models.Region,
        models.Country,
        models.ScopeLevel,
        models.PracticeType,
        models.OrganisationType,
        models.ResourceType,
        models.Theme,
        models.Language,
    ]
)
class NameTranslation(TranslationOptions):
    fields = ("name",)
