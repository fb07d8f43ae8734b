"""Discussion spaces: a moderated consultation with questions, and members' contributions."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, random_name
from core.models import TimeStampedModel
from core.text import render_markdown
from core.workflow import Workflow

from .choices import (
    CONTRIBUTION_TRANSITIONS,
    SPACE_TRANSITIONS,
    Access,
    ContributionStatus,
    FlagReason,
    HoldReason,
    Language,
    SpaceStatus,
)


class SpaceQuerySet(models.QuerySet):
    def listed(self) -> "SpaceQuerySet":
        """Spaces people may come across: every one but drafts."""
        return self.exclude(status=SpaceStatus.DRAFT)


class Space(TimeStampedModel):
    """A discussion space or consultation, open for contributions between two instants."""

    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    context = models.TextField(_("context"), help_text=_("Markdown."))
    audience = models.CharField(_("expected audience"), max_length=300, blank=True)
    languages: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "taxonomy.Language", verbose_name=_("main languages"), blank=True
    )
    objectives: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "taxonomy.Objective", verbose_name=_("objectives"), blank=True
    )
    practices: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "repository.Practice",
        verbose_name=_("linked practices"),
        blank=True,
        related_name="discussion_spaces",
    )
    moderators: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderators"),
        blank=True,
        related_name="moderated_spaces",
    )
    access = models.CharField(
        _("who reads and writes"), max_length=10, choices=Access.choices, default=Access.PUBLIC
    )
    invited_group = models.ForeignKey(
        Group,
        verbose_name=_("invited group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Only for a space open to an invited group."),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SpaceStatus.choices, default=SpaceStatus.DRAFT
    )
    synthesis = models.TextField(_("synthesis"), blank=True, help_text=_("Markdown."))
    synthesis_published_at = models.DateTimeField(
        _("synthesis published at"), null=True, blank=True
    )

    objects = SpaceQuerySet.as_manager()

    workflow = Workflow(states=SpaceStatus, transitions=SPACE_TRANSITIONS)

    class Meta:
        ordering = ["-opens_at", "-created_at"]
        verbose_name = _("discussion space")
        verbose_name_plural = _("discussion spaces")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="space_closes_after_opening",
                violation_error_message=_("A space must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:space", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        return self.status == SpaceStatus.OPEN

    @property
    def context_html(self) -> str:
        return render_markdown(self.context)

    @property
    def synthesis_html(self) -> str:
        return render_markdown(self.synthesis)


class Question(TimeStampedModel):
    """A question a moderator puts to the space, in the language it was written in."""

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL
    )
    title = models.CharField(_("question"), max_length=300)
    body = models.TextField(_("explanation"), blank=True, help_text=_("Markdown."))
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.EN
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["space", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:question", kwargs={"slug": self.space.slug, "pk": self.pk})

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)


class ContributionQuerySet(models.QuerySet):
    def published(self) -> "ContributionQuerySet":
        return self.filter(status=ContributionStatus.PUBLISHED)

    def searchable(self) -> "ContributionQuerySet":
        """Published contributions of public spaces people can see."""
        return self.published().filter(
            question__space__access=Access.PUBLIC,
            question__space__status__in=[
                SpaceStatus.OPEN,
                SpaceStatus.CLOSED,
                SpaceStatus.ARCHIVED,
            ],
        )


class Contribution(TimeStampedModel):
    """A member's answer to a question, or a reply to an answer (one level deep)."""

    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    body = models.TextField(_("text"))
    body_html = models.TextField(_("text as shown"), editable=False)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    language_detected = models.BooleanField(_("language detected"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContributionStatus.choices,
        default=ContributionStatus.PENDING,
        db_index=True,
    )
    hold_reason = models.CharField(
        _("why it waits"), max_length=20, choices=HoldReason.choices, blank=True
    )
    moderation_note = models.CharField(_("moderator's reason"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    workflow = Workflow(states=ContributionStatus, transitions=CONTRIBUTION_TRANSITIONS)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return self.body[:60]

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"c{self.pk}"

    @property
    def title(self) -> str:
        """For search results: the question it answers."""
        return self.question.title


def attachment_path(instance: "ContributionFile", filename: str) -> str:
    return random_name("discussions", filename)


class ContributionFile(models.Model):
    """A file attached to a contribution, cleaned by the upload gate."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=300
    )
    name = models.CharField(_("file name"), max_length=150)
    mime = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.name


class Flag(TimeStampedModel):
    """A member's report that a contribution breaks the rules."""

    contribution = models.ForeignKey(
        Contribution, verbose_name=_("contribution"), on_delete=models.CASCADE, related_name="flags"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "reporter"],
                name="one_flag_per_person",
                violation_error_message=_("You have already flagged this contribution."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_reason_display()


class Follow(TimeStampedModel):
    """A person follows a whole space, or one question of it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="discussion_follows",
    )
    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, null=True, blank=True
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(space__isnull=True, question__isnull=False)
                | models.Q(space__isnull=False, question__isnull=True),
                name="follow_space_or_question",
            ),
            models.UniqueConstraint(fields=["user", "space"], name="one_follow_per_space"),
            models.UniqueConstraint(fields=["user", "question"], name="one_follow_per_question"),
        ]

    def __str__(self) -> str:
        return str(self.space or self.question)
