"""Atom feeds of the listings, with the same GET parameters as the pages."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .selectors import practice_queryset, resource_queryset

FEED_SIZE = 50


class _ListingFeed(Feed):
    feed_type = Atom1Feed
    list_url_name = ""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return request.GET.copy()

    def link(self, params: Any) -> str:
        query = params.urlencode()
        return reverse(self.list_url_name) + (f"?{query}" if query else "")

    def item_title(self, item: Any) -> str:
        return item.title

    def item_description(self, item: Any) -> str:
        return item.summary

    def item_pubdate(self, item: Any) -> Any:
        return item.published_at

    def item_updateddate(self, item: Any) -> Any:
        return item.updated_at

    def item_categories(self, item: Any) -> list[str]:
        return [str(o) for o in item.primary_objectives]


class PracticeFeed(_ListingFeed):
    list_url_name = "repository:practice_list"

    def title(self, params: Any) -> str:
        return _("Practices")

    def subtitle(self, params: Any) -> str:
        return _("Reviewed practices on migration governance, newest first.")

    def items(self, params: Any) -> Any:
        params = params.copy()
        params.setdefault("sort", "newest")
        return practice_queryset(user=None, params=params)[:FEED_SIZE]

    def item_author_name(self, item: Any) -> str:
        return item.implementer


class ResourceFeed(_ListingFeed):
    list_url_name = "repository:resource_list"

    def title(self, params: Any) -> str:
        return _("Knowledge resources")

    def subtitle(self, params: Any) -> str:
        return _("Reviewed knowledge resources on migration governance, newest first.")

    def items(self, params: Any) -> Any:
        params = params.copy()
        params.setdefault("sort", "newest")
        return resource_queryset(user=None, params=params)[:FEED_SIZE]

    def item_author_name(self, item: Any) -> str:
        return item.publisher
