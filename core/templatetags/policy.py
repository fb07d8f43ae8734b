"""Templates ask the apps' permission policies: ``{% if user|can:"reviews.screen" %}``.

The key is ``<app label>.<action>``, an action of that app's ``permissions.py``. The filter answers
"may this person do this at all" (show a link, a menu entry); what a person may do to one object
the view asks ``policy.can(user, action, obj)`` and hands to the template.
"""

from typing import Any

from django import template

from core import permissions

register = template.Library()


@register.filter
def can(user: Any, key: str) -> bool:
    return permissions.can(user, key)
