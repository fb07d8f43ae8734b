"""sitemap.xml: every public pledge, in every interface language."""

from typing import Any

from django.contrib.sitemaps import Sitemap

from .models import Pledge


class PledgeSitemap(Sitemap):
    i18n = True
    alternates = True
    limit = 10_000

    def items(self) -> Any:
        return Pledge.objects.public().order_by("id").only("slug", "updated_at")

    def lastmod(self, item: Pledge) -> Any:
        return item.updated_at
