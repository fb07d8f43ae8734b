"""Controlled vocabularies: GCM objectives and principles, SDGs, geography and types.

They are data, loaded from a vocabulary file (docs/vocabularies.md): the bundled one by the
migrations, any other by ``load_vocabulary``, so a deployment for another compact brings its own. Labels have one column per language
(django-modeltranslation, see translation.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A labelled entry of a simple vocabulary identified by a slug."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "slug"]

    def __str__(self) -> str:
        return self.name


class Objective(models.Model):
    """One of the compact's numbered objectives (23 for the GCM)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_name = models.CharField(_("short name"), max_length=120)
    title = models.CharField(_("full title"), max_length=300)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        help_text=_("Badge background as #rrggbb; white text must reach a 4.5:1 contrast."),
    )

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} - {self.short_name}"


class Principle(Term):
    """A guiding principle of the compact."""

    description = models.TextField(_("description"), blank=True)

    class Meta(Term.Meta):
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")


class SDG(models.Model):
    """A Sustainable Development Goal."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} - {self.name}"


class Region(models.Model):
    """A UN M49 region, sub-region or intermediate region."""

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        SUBREGION = "subregion", _("Sub-region")
        INTERMEDIATE = "intermediate", _("Intermediate region")

    m49 = models.PositiveSmallIntegerField(_("M49 code"), unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    """A country or territory (ISO 3166-1) with its place in the M49 hierarchy."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subregion = models.ForeignKey(
        Region,
        verbose_name=_("sub-region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    intermediate_region = models.ForeignKey(
        Region,
        verbose_name=_("intermediate region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScopeLevel(Term):
    """Geographic scope of a practice: global, regional, national, local."""

    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Lower ranks are more comprehensive and listed first.")
    )

    class Meta(Term.Meta):
        verbose_name = _("scope level")
        verbose_name_plural = _("scope levels")
        ordering = ["rank"]


class PracticeType(Term):
    class Meta(Term.Meta):
        verbose_name = _("type of practice")
        verbose_name_plural = _("types of practice")


class OrganisationType(Term):
    class Meta(Term.Meta):
        verbose_name = _("type of organisation")
        verbose_name_plural = _("types of organisation")


class ResourceType(Term):
    class Meta(Term.Meta):
        verbose_name = _("type of resource")
        verbose_name_plural = _("types of resource")


class Theme(Term):
    """A cross-cutting theme (gender, human rights, child sensitivity)."""

    class Meta(Term.Meta):
        verbose_name = _("cross-cutting theme")
        verbose_name_plural = _("cross-cutting themes")


class Language(models.Model):
    """A language content can be written in (ISO 639-1)."""

    code = models.CharField(_("ISO 639-1 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name
