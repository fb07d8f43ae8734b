from modeltranslation.translator import TranslationOptions, register

from .models import FaqEntry


@register(FaqEntry)
class FaqEntryTranslation(TranslationOptions):
    fields = ("question", "answer")
