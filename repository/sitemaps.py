"""sitemap.xml: every published practice and resource, and the landing pages of the objectives
and guiding principles, in every interface language."""

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from taxonomy.models import Objective, Principle

from .models import Practice, Resource


class PracticeSitemap(Sitemap):
    i18n = True
    alternates = True
    limit = 10_000

    def items(self) -> Any:
        return Practice.objects.published().order_by("id").only("slug", "updated_at")

    def lastmod(self, item: Practice) -> Any:
        return item.updated_at


class ResourceSitemap(Sitemap):
    i18n = True
    alternates = True
    limit = 10_000

    def items(self) -> Any:
        return Resource.objects.published().order_by("id").only("slug", "updated_at")

    def lastmod(self, item: Resource) -> Any:
        return item.updated_at


class LandingSitemap(Sitemap):
    """The objective and principle indexes, then one landing page per objective and principle."""

    i18n = True
    alternates = True

    def items(self) -> list[tuple[str, dict]]:
        numbers = Objective.objects.order_by("number").values_list("number", flat=True)
        slugs = Principle.objects.filter(is_active=True).values_list("slug", flat=True)
        return [
            ("repository:objective_index", {}),
            ("repository:principle_index", {}),
            *(("repository:objective_detail", {"number": n}) for n in numbers),
            *(("repository:principle_detail", {"slug": s}) for s in slugs),
        ]

    def location(self, item: tuple[str, dict]) -> str:
        """Reversed here, where the sitemap has switched to the language of the entry."""
        name, kwargs = item
        return reverse(name, kwargs=kwargs)


SITEMAPS = {"practices": PracticeSitemap, "resources": ResourceSitemap, "landing": LandingSitemap}
