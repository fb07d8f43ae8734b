from modeltranslation.translator import TranslationOptions, register

from .models import Space


@register(Space)
class SpaceTranslation(TranslationOptions):
    fields = ("title", "context", "audience", "synthesis")
