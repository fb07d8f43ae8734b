"""The search index: one document per searchable item.

Rows are written only by ``search.services``. Next to this table the database keeps a full-text
index that the ORM does not see (created by migration 0002): an FTS5 table fed by triggers on
SQLite, a generated ``tsv`` column with a GIN index on PostgreSQL, and, when pgvector exists, an
``embedding`` column.
"""

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from numpy.typing import NDArray


class SearchDocument(models.Model):
    """The indexed text and vector of one published item (practice, resource and so on)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type of item"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("item id"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    title = models.TextField(_("title"))
    body = models.TextField(_("text"), blank=True)
    vector = models.BinaryField(_("vector"), help_text=_("float32 values, L2-normalised."))
    source_updated_at = models.DateTimeField(_("item changed at"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), default=timezone.now)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="search_document_once",
                violation_error_message=_("An item has only one search document."),
            )
        ]
        indexes = [models.Index(fields=["content_type", "indexed_at"], name="search_doc_fresh_idx")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"

    def as_array(self) -> NDArray[np.float32]:
        """The stored vector as a 1-D float32 array."""
        return np.frombuffer(bytes(self.vector), dtype=np.float32)


class NeighbourList(models.Model):
    """The nearest documents of the same type to one document (``search.neighbours``).

    A table of its own: rewriting a document row also recomputes its full-text column and
    touches its vector index, which made storing the lists there ten times slower.
    """

    document = models.OneToOneField(
        SearchDocument,
        verbose_name=_("search document"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="neighbour_list",
    )
    items = models.JSONField(
        _("nearest items"),
        default=list,
        blank=True,
        help_text=_("[item id, cosine] pairs of the closest items of the same type, best first."),
    )
    floor = models.FloatField(
        _("lowest kept cosine"),
        help_text=_("An item closer than this enters the list (-1 while the list has room)."),
    )

    class Meta:
        verbose_name = _("list of similar items")
        verbose_name_plural = _("lists of similar items")

    def __str__(self) -> str:
        return str(self.document)


class MissedSearch(models.Model):
    """How many searches found nothing on one day, per GCM objective chosen with the words
    (0: none chosen). Only the count is kept: never the words, the person or the address."""

    day = models.DateField(_("day"))
    objective = models.PositiveSmallIntegerField(
        _("GCM objective"), default=0, help_text=_("Its number; 0 when none was chosen.")
    )
    count = models.PositiveIntegerField(_("searches that found nothing"), default=0)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        ordering = ["-day", "objective"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "objective"],
                name="search_missed_once_a_day",
                violation_error_message=_("One count per day and objective."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.objective}: {self.count}"
