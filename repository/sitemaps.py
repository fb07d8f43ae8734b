"""sitemap.xml: every published practice and resource in every interface language."""

from typing import Any

from django.contrib.sitemaps import Sitemap

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


SITEMAPS = {"practices": PracticeSitemap, "resources": ResourceSitemap}
