"""Atom feed of calls for practices."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Call


class CallFeed(Feed):
    feed_type = Atom1Feed
    title = _("Calls for practices")
    subtitle = _("New and updated calls for practices of the Hub.")

    def link(self) -> str:
        return reverse("calls:list")

    def items(self):
        return Call.objects.public().order_by("-created_at")[:30]

    def item_title(self, item: Call) -> str:
        return item.title

    def item_description(self, item: Call) -> str:
        return item.summary

    def item_pubdate(self, item: Call):
        return item.created_at

    def item_updateddate(self, item: Call):
        return item.updated_at
