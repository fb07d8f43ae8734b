from modeltranslation.translator import TranslationOptions, register

from .models import Call


@register(Call)
class CallTranslation(TranslationOptions):
    fields = (
        "title",
        "theme",
        "summary",
        "context",
        "actions",
        "occasion",
        "who_can_submit",
        "criteria",
        "how_to_submit",
    )
