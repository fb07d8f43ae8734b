from modeltranslation.translator import TranslationOptions, register

from .models import Pledge


@register(Pledge)
class PledgeTranslation(TranslationOptions):
    fields = ("title", "description")
