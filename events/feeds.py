"""Atom feed of the Hub's events (the listing's facets apply)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Event
from .selectors import Facets


class EventFeed(Feed):
    feed_type = Atom1Feed
    title = _("Events of the Hub")
    subtitle = _("Webinars and meetings of the community, newest first.")

    def get_object(self, request, *args, **kwargs):
        return Facets.parse(request.GET)

    def link(self) -> str:
        return reverse("events:list")

    def items(self, facets: Facets):
        return facets.apply(Event.objects.public()).order_by("-created_at")[:30]

    def item_title(self, item: Event) -> str:
        return item.title

    def item_description(self, item: Event) -> str:
        when = timezone.localtime(item.starts_at).strftime("%Y-%m-%d %H:%M %Z")
        return f"{when}\n\n{item.description}"

    def item_pubdate(self, item: Event):
        return item.created_at

    def item_updateddate(self, item: Event):
        return item.updated_at
