"""Expert profiles: opt-in, verified by the Hub team, each field shown to whom the expert chose."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, random_name
from core.models import TimeStampedModel
from core.workflow import Workflow
from taxonomy.models import Country, Language, Objective, OrganisationType, Principle, Region

from .choices import TRANSITIONS, VISIBLE_FIELDS, Availability, Gender, ProfileStatus, Visibility

CONFIRM_EVERY_DAYS = 365
GRACE_DAYS = 30  # after the reminder, before a profile drops out of the listing


def photo_path(instance: "ExpertProfile", filename: str) -> str:
    return random_name("experts", filename)


class ExpertQuerySet(models.QuerySet["ExpertProfile"]):
    def listed(self) -> "ExpertQuerySet":
        """Profiles the directory shows: listed by the team after verification."""
        return self.filter(status=ProfileStatus.LISTED, verified_at__isnull=False)


class ExpertProfile(TimeStampedModel):
    workflow = Workflow(
        states=ProfileStatus,
        transitions=TRANSITIONS,
        refusal=_("This profile cannot go from “%(current)s” to “%(target)s”."),
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), help_text=_("Never shown to anyone."))
    photo = models.ImageField(
        _("photo"), upload_to=photo_path, storage=private_storage, blank=True, max_length=200
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_type = models.ForeignKey(
        OrganisationType,
        verbose_name=_("type of organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    languages: models.ManyToManyField[Language, Any] = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="+"
    )
    objectives: models.ManyToManyField[Objective, Any] = models.ManyToManyField(
        Objective, verbose_name=_("GCM objectives"), blank=True, related_name="+"
    )
    principles: models.ManyToManyField[Principle, Any] = models.ManyToManyField(
        Principle, verbose_name=_("GCM guiding principles"), blank=True, related_name="+"
    )
    regions: models.ManyToManyField[Region, Any] = models.ManyToManyField(
        Region, verbose_name=_("regions of experience"), blank=True, related_name="+"
    )
    countries: models.ManyToManyField[Country, Any] = models.ManyToManyField(
        Country,
        verbose_name=_("countries of experience"),
        blank=True,
        related_name="+",
    )
    bio = models.TextField(_("about me"), blank=True)
    bio_language = models.ForeignKey(
        Language,
        verbose_name=_("language of the text about me"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expertise = models.CharField(
        _("expertise"), max_length=400, blank=True, help_text=_("Keywords, separated by commas.")
    )
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True)
    links = models.TextField(_("publications and links"), blank=True, help_text=_("One per line."))
    availability = models.JSONField(_("available for"), default=list, blank=True)
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender.choices, blank=True, default=Gender.UNSAID
    )
    visibility = models.JSONField(_("who sees each field"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    team_note = models.TextField(_("note of the Hub team"), blank=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "name"], name="expert_status_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("experts:detail", kwargs={"slug": self.slug})

    @staticmethod
    def visibility_keys() -> tuple[str, ...]:
        return tuple(VISIBLE_FIELDS)

    def visibility_of(self, field: str) -> str:
        return self.visibility.get(field) or VISIBLE_FIELDS.get(field, Visibility.TEAM)

    @property
    def is_listed(self) -> bool:
        return self.status == ProfileStatus.LISTED and self.verified_at is not None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_pending(self) -> bool:
        return self.status == ProfileStatus.PENDING

    @property
    def can_be_listed_by_expert(self) -> bool:
        return self.status in (ProfileStatus.DRAFT, ProfileStatus.HIDDEN, ProfileStatus.LAPSED)

    @property
    def can_be_hidden(self) -> bool:
        return self.status in (ProfileStatus.PENDING, ProfileStatus.LISTED, ProfileStatus.LAPSED)

    def _public(self, field: str) -> str:
        return getattr(self, field) if self.visibility_of(field) == Visibility.PUBLIC else ""

    @property
    def public_bio(self) -> str:
        return self._public("bio")

    @property
    def public_expertise(self) -> str:
        return self._public("expertise")

    @property
    def public_organisation(self) -> str:
        return self._public("organisation")

    def expertise_list(self) -> list[str]:
        return [word.strip() for word in self.expertise.split(",") if word.strip()]

    def availability_labels(self) -> list[str]:
        labels = dict(Availability.choices)
        return [str(labels[value]) for value in self.availability if value in labels]

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def confirmation_due(self, now: datetime | None = None) -> bool:
        """A year has passed since the expert last said the profile is accurate."""
        return self.confirmed_at < (now or timezone.now()) - timedelta(days=CONFIRM_EVERY_DAYS)


class ExpertMessage(models.Model):
    """A message relayed to an expert (the expert's address is never shown to the sender)."""

    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message to an expert")
        verbose_name_plural = _("messages to experts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class ExpertBlock(models.Model):
    """A sender an expert no longer accepts messages from."""

    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="blocks"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("blocked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked sender")
        verbose_name_plural = _("blocked senders")
        constraints = [
            models.UniqueConstraint(fields=["expert", "sender"], name="expert_block_unique")
        ]

    def __str__(self) -> str:
        return f"{self.expert} ⟂ {self.sender}"
