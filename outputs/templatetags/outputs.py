"""``{% compendium_links call %}``: the links to what a call produced (featured page, compendium,
the Hub team's export), for the call page, the featured page and the home page."""

from typing import Any

from django import template

from calls.models import Call

from ..permissions import OutputAction, policy
from ..selectors import latest_featured, published_featured

register = template.Library()


@register.inclusion_tag("outputs/_links.html", takes_context=True)
def compendium_links(context: dict, call: Call) -> dict[str, Any]:
    user = context.get("user")
    return {
        "call": call,
        "featured": published_featured(call=call),
        "compendium": call.has_closed and policy.can(user, OutputAction.COMPENDIUM, call),
        "export": policy.can(user, OutputAction.EXPORT, call),
    }


@register.simple_tag
def featured_pages(limit: int = 1) -> list:
    """The newest public featured pages (the home page links to them)."""
    return latest_featured(limit=limit)
