from modeltranslation.translator import TranslationOptions, register

from .models import FeaturedPractice, FeaturedSelection


@register(FeaturedSelection)
class FeaturedSelectionTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(FeaturedPractice)
class FeaturedPracticeTranslation(TranslationOptions):
    fields = ("note",)
