from modeltranslation.translator import TranslationOptions, register

from .models import MessageTemplate


@register(MessageTemplate)
class MessageTemplateTranslation(TranslationOptions):
    fields = ("subject", "body")
