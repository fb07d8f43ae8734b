"""Sets of published items: what the public sees and in which order."""

from django.db import models

from .choices import PublicationStatus


class PublishableQuerySet(models.QuerySet):
    def published(self) -> "PublishableQuerySet":
        return self.filter(status=PublicationStatus.PUBLISHED)

    def in_hub_order(self) -> "PublishableQuerySet":
        """Global first, then multi-regional, regional, multi-country, national, local; then
        the items addressing more objectives; then the newest."""
        return self.order_by("scope_rank", "-objective_count", "-published_at", "-id")

    def newest_first(self) -> "PublishableQuerySet":
        return self.order_by("-published_at", "-id")


class PracticeQuerySet(PublishableQuerySet):
    pass


class ResourceQuerySet(PublishableQuerySet):
    pass
