from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from core.admin import ReadOnlyAdmin

from .models import ContactMessage, FaqEntry


@admin.register(FaqEntry)
class FaqEntryAdmin(TranslationAdmin):
    """The short FAQ the contact form shows before a message is sent; the Hub team edits it."""

    list_display = ["question", "category", "position", "is_published"]
    list_editable = ["position", "is_published"]
    list_filter = ["category", "is_published"]


@admin.register(ContactMessage)
class ContactMessageAdmin(ReadOnlyAdmin):
    """Read only: the team works messages in the inbox (/contact/inbox/), where every change is
    audited."""

    list_display = ["reference", "subject", "category", "status", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["reference", "subject", "email"]
