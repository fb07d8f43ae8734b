"""Published practices and knowledge resources.

Submitted text keeps the language it was written in (``language`` records it); it is not
translated with modeltranslation. Vocabulary tags point at taxonomy rows whose labels are.
``scope_rank`` and ``objective_count`` are denormalised by the services for the default order.
"""

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import AuditVerb
from core.models import TimeStampedModel
from core.workflow import Workflow
from taxonomy.licences import DEFAULT_LICENCE, LICENCE_CHOICES

from .choices import PUBLICATION_TRANSITIONS, UNKNOWN_SCOPE_RANK, PublicationStatus
from .errors import PublicationRefusedError
from .querysets import PracticeQuerySet, ResourceQuerySet


def _publication_verb(_current: str, to: str) -> AuditVerb:
    return AuditVerb.PUBLISHED if to == PublicationStatus.PUBLISHED else AuditVerb.UNPUBLISHED


def _prepare(item: "Publishable", *_args: Any) -> None:
    """Before the move is saved: the first publication dates the item; the row is validated."""
    if item.status == PublicationStatus.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()
    item.full_clean()


class Publishable(TimeStampedModel):
    """What practices and resources share: text, language, tags, status and ranking.

    A move (publish, unpublish) also tells the listings their facet index is stale (in the
    transaction) and reindexes the item for search (after commit): hooks in services."""

    workflow = Workflow(
        states=PublicationStatus,
        transitions=PUBLICATION_TRANSITIONS,
        error=PublicationRefusedError,
        verb=_publication_verb,
        before_save={"*": (_prepare, "repository.services.publication_changed")},
        after_commit={"*": ("repository.services.publication_reindex",)},
        touch=("published_at", "updated_at"),
    )

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    language = models.ForeignKey(
        "taxonomy.Language",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.ForeignKey(
        "taxonomy.ScopeLevel",
        verbose_name=_("geographic scope"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    principles = models.ManyToManyField(
        "taxonomy.Principle", verbose_name=_("guiding principles"), blank=True, related_name="+"
    )
    countries = models.ManyToManyField(
        "taxonomy.Country", verbose_name=_("countries"), blank=True, related_name="+"
    )
    regions = models.ManyToManyField(
        "taxonomy.Region", verbose_name=_("regions"), blank=True, related_name="+"
    )
    covered_regions = models.ManyToManyField(
        "taxonomy.Region",
        verbose_name=_("regions covered"),
        blank=True,
        related_name="+",
        help_text=_("Derived from the regions and countries, for the region facet."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.PUBLISHED,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    # The submission this item was published from (None for imported items). One submission
    # publishes at most one item; a submission is never deleted while its item exists.
    source_submission = models.OneToOneField(
        "submissions.Submission",
        verbose_name=_("source submission"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_%(class)s",
    )
    scope_rank = models.PositiveSmallIntegerField(_("scope rank"), default=UNKNOWN_SCOPE_RANK)
    objective_count = models.PositiveSmallIntegerField(_("number of objectives"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    def objective_links(self) -> list:
        """The objective rows, primary first then secondary, each in its given order; those
        already read into ``objective_list`` (as ``Prefetch(to_attr=...)`` does) when present."""
        rows = getattr(self, "objective_list", None)
        if rows is None:
            rows = getattr(self, "objective_rows").all()  # noqa: B009 - defined by subclasses
        return sorted(rows, key=lambda r: (not r.is_primary, r.position))

    @property
    def primary_objectives(self) -> list:
        return [row.objective for row in self.objective_links() if row.is_primary]

    @property
    def secondary_objectives(self) -> list:
        return [row.objective for row in self.objective_links() if not row.is_primary]


class ObjectiveLink(models.Model):
    """One objective a published item addresses, primary or secondary, in its given order."""

    objective = models.ForeignKey(
        "taxonomy.Objective", verbose_name=_("objective"), on_delete=models.PROTECT
    )
    is_primary = models.BooleanField(_("primary"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["-is_primary", "position"]


class Practice(Publishable):
    """A reviewed practice, published in the language it was written in."""

    summary = models.TextField(_("summary"))
    description = models.TextField(_("description"), blank=True)
    practice_type = models.ForeignKey(
        "taxonomy.PracticeType",
        verbose_name=_("type of practice"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    objectives = models.ManyToManyField(  # type: ignore[var-annotated]
        "taxonomy.Objective",
        through="PracticeObjective",
        verbose_name=_("GCM objectives"),
        related_name="practices",
    )
    sdgs = models.ManyToManyField(  # type: ignore[var-annotated]
        "taxonomy.SDG",
        verbose_name=_("Sustainable Development Goals"),
        blank=True,
        related_name="+",
    )
    local_place = models.CharField(_("local place"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, help_text=_("Empty while the practice is ongoing.")
    )
    implementer = models.CharField(_("main implementer"), max_length=200)
    implementer_type = models.ForeignKey(
        "taxonomy.OrganisationType",
        verbose_name=_("type of main implementer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partners = models.TextField(_("partners and other organisations"), blank=True)
    results = models.TextField(_("benefit and impact: key results"), blank=True)
    innovation = models.TextField(_("what is innovative"), blank=True)
    replicability = models.TextField(_("how others can replicate it"), blank=True)
    sustainability = models.TextField(_("sustainability"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    migrant_involvement = models.TextField(_("involvement of migrants and survivors"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    budget = models.CharField(_("budget and funding"), max_length=300, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    url = models.URLField(_("web site"), max_length=500, blank=True)
    licence = models.CharField(
        _("licence"), max_length=32, choices=LICENCE_CHOICES, default=DEFAULT_LICENCE
    )
    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("call for practices"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["scope_rank", "-objective_count", "-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["status", "scope_rank", "-objective_count", "-published_at"],
                name="practice_hub_order_idx",
            ),
            models.Index(fields=["status", "-published_at"], name="practice_newest_idx"),
            models.Index(fields=["status", "title"], name="practice_title_idx"),
            models.Index(fields=["status", "featured"], name="practice_featured_idx"),
            models.Index(fields=["start_year", "end_year"], name="practice_years_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="practice_ends_after_start",
                violation_error_message=_("A practice cannot end before it starts."),
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("repository:practice_detail", kwargs={"slug": self.slug})

    @property
    def is_ongoing(self) -> bool:
        return self.end_year is None

    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]


class PracticeObjective(ObjectiveLink):
    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="objective_rows",
    )

    class Meta(ObjectiveLink.Meta):
        verbose_name = _("objective of a practice")
        verbose_name_plural = _("objectives of practices")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "objective"],
                name="practice_objective_once",
                violation_error_message=_("An objective is linked to a practice only once."),
            )
        ]
        indexes = [models.Index(fields=["objective", "practice"], name="practice_objective_idx")]

    def __str__(self) -> str:
        return f"{self.practice_id}: {self.objective_id}"


class Resource(Publishable):
    """A knowledge resource: policy brief, report, video, dataset and so on."""

    resource_type = models.ForeignKey(
        "taxonomy.ResourceType",
        verbose_name=_("type of resource"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    publisher = models.CharField(_("publisher"), max_length=200)
    authors = models.TextField(_("authors"), blank=True, help_text=_("One per line."))
    year = models.PositiveSmallIntegerField(_("year of publication"), null=True, blank=True)
    other_languages = models.ManyToManyField(
        "taxonomy.Language", verbose_name=_("also available in"), blank=True, related_name="+"
    )
    url = models.URLField(_("link to the resource"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="resources/%Y/", blank=True)
    abstract = models.TextField(_("abstract"))
    objectives = models.ManyToManyField(  # type: ignore[var-annotated]
        "taxonomy.Objective",
        through="ResourceObjective",
        verbose_name=_("GCM objectives"),
        related_name="resources",
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("knowledge resource")
        verbose_name_plural = _("knowledge resources")
        ordering = ["scope_rank", "-objective_count", "-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["status", "scope_rank", "-objective_count", "-published_at"],
                name="resource_hub_order_idx",
            ),
            models.Index(fields=["status", "-published_at"], name="resource_newest_idx"),
            models.Index(fields=["status", "title"], name="resource_title_idx"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("repository:resource_detail", kwargs={"slug": self.slug})

    @property
    def summary(self) -> str:
        """Cards, feeds and exports call the short text ``summary`` for every item."""
        return self.abstract

    def author_list(self) -> list[str]:
        return [line.strip() for line in self.authors.splitlines() if line.strip()]


class ResourceObjective(ObjectiveLink):
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="objective_rows",
    )

    class Meta(ObjectiveLink.Meta):
        verbose_name = _("objective of a resource")
        verbose_name_plural = _("objectives of resources")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "objective"],
                name="resource_objective_once",
                violation_error_message=_("An objective is linked to a resource only once."),
            )
        ]
        indexes = [models.Index(fields=["objective", "resource"], name="resource_objective_idx")]

    def __str__(self) -> str:
        return f"{self.resource_id}: {self.objective_id}"
