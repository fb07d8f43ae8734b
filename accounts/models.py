"""People and the organisations they belong to."""

import zoneinfo
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.models import TimeStampedModel


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(zone)s is not a known time zone."), params={"zone": value})


class Organisation(TimeStampedModel):
    """An organisation people work for: a ministry, a UN entity, an NGO, a university..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.ForeignKey(
        "taxonomy.OrganisationType",
        verbose_name=_("type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    country = CountryField(_("country"), blank=True)
    is_un_entity = models.BooleanField(_("UN entity"), default=False)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class UserManager(BaseUserManager["User"]):
    """Users are identified by their e-mail address."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account, and their profile."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    organisation_type = models.ForeignKey(
        "taxonomy.OrganisationType",
        verbose_name=_("type of organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    country = CountryField(_("country"), blank=True)
    working_languages = models.ManyToManyField(
        "taxonomy.Language", verbose_name=_("working languages"), blank=True, related_name="+"
    )
    is_un = models.BooleanField(
        _("works for a UN entity"),
        default=False,
        help_text=_("Reviewers from UN entities count as internal reviewers."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    email_digest = models.BooleanField(
        _("one daily e-mail"),
        default=False,
        help_text=_("Receive notifications about submissions and reviews in one e-mail a day."),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="en",
        help_text=_("E-mails to you are written in this language."),
    )
    terms_accepted_at = models.DateTimeField(
        _("terms accepted"),
        null=True,
        blank=True,
        help_text=_("When this person accepted the terms of use and the privacy notice."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    def has_role(self, role: str) -> bool:
        """True when the user belongs to the role's group (superusers hold every role)."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        roles = getattr(self, "_role_cache", None)
        if roles is None:
            roles = set(self.groups.values_list("name", flat=True))
            self._role_cache = roles
        return role in roles
