"""Who may see and manage published items. Views, API, feeds and exports use these."""

from typing import Any

from django.db.models import QuerySet

from accounts.permissions import is_curator

from .choices import PublicationStatus
from .models import Practice, Resource


def can_view_item(user: Any, item: Practice | Resource) -> bool:
    return item.status == PublicationStatus.PUBLISHED or is_curator(user)


def can_manage_repository(user: Any) -> bool:
    return is_curator(user)


def practices_visible_to(user: Any) -> QuerySet[Practice]:
    return Practice.objects.visible_to(user)


def resources_visible_to(user: Any) -> QuerySet[Resource]:
    return Resource.objects.visible_to(user)


def files_are_public(item: Practice | Resource, licence_chosen: str) -> bool:
    """Anyone may download an item's attachments: it is published, and both its licence and
    the licence its submitters chose are open (``SHAREABLE_LICENCES``)."""
    from submissions.fields import SHAREABLE_LICENCES

    licences = [licence_chosen, getattr(item, "licence", licence_chosen)]
    published = item.status == PublicationStatus.PUBLISHED
    return published and all(licence in SHAREABLE_LICENCES for licence in licences)
