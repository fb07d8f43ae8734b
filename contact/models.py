"""Messages sent through the contact form, the Hub team's answers, and the short FAQ shown
before a message is sent."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.workflow import Workflow

from .choices import TRANSITIONS, Category, MessageStatus

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def new_reference() -> str:
    """A short, unguessable reference such as ``C-7KQ2M9XD`` for e-mails and the inbox."""
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class FaqEntry(models.Model):
    """A question the Hub team answers once, shown to people about to send a similar message.
    Question and answer exist in every interface language (translation.py)."""

    question = models.CharField(_("question"), max_length=250)
    answer = models.TextField(_("answer"), help_text=_("Markdown."))
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.GENERAL
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("shown to visitors"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.question


class ContactMessage(TimeStampedModel):
    """One message to the Hub team. Stored before any e-mail is sent, so nothing is lost when
    the mail server fails; the team works it in the inbox."""

    workflow = Workflow(
        states=MessageStatus,
        transitions=TRANSITIONS,
        refusal=_("This message cannot go from “%(current)s” to “%(target)s”."),
    )

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_reference, editable=False
    )
    category = models.CharField(_("about"), max_length=16, choices=Category.choices)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=8)
    page = models.CharField(_("sent from the page"), max_length=300, blank=True)
    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledgement sent at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="contact_status_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def is_closed(self) -> bool:
        return self.status == MessageStatus.CLOSED

    @property
    def is_waiting(self) -> bool:
        """Nobody has answered yet."""
        return self.first_response_at is None and self.status != MessageStatus.CLOSED


class ContactReply(models.Model):
    """An answer e-mailed from the inbox. Stored first; ``sent_at`` is set once the mail server
    took it."""

    message = models.ForeignKey(
        ContactMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("answer"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.message.reference} {self.created_at:%Y-%m-%d}"
