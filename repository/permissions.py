"""Who may see and manage published items. Views, API, feeds and exports use this policy."""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.permissions import is_curator
from core.permissions import Policy, Rule, anyone
from core.types import Actor
from submissions.fields import SHAREABLE_LICENCES

from .choices import PublicationStatus
from .models import Practice, Resource


class RepositoryAction(StrEnum):
    """Each action covers practices and resources alike (``instances`` of practices unless a
    queryset of resources is given)."""

    VIEW = "view"  # published items: everyone; unpublished ones: the Hub team
    MANAGE = "manage"  # publish, unpublish, edit, import, retag: the Hub team


def _may_view(user: Actor, item: Practice | Resource) -> bool:
    return item.status == PublicationStatus.PUBLISHED or is_curator(user)


def _visible(user: Actor, qs: QuerySet) -> QuerySet:
    return qs if is_curator(user) else qs.filter(status=PublicationStatus.PUBLISHED)


policy = Policy(
    "repository",
    RepositoryAction,
    {
        RepositoryAction.VIEW: Rule(Practice, allowed=anyone, on=_may_view, scope=_visible),
        RepositoryAction.MANAGE: Rule(Practice, allowed=is_curator),
    },
)


def get_practice_for(
    user: Actor, slug: str, action: str = RepositoryAction.VIEW, queryset: QuerySet | None = None
) -> Practice:
    """The practice, or 404 alike when it is missing or the user may not do ``action`` to it;
    ``queryset`` says what to fetch with it."""
    return policy.get_for(user, action, queryset, slug=slug)


def get_resource_for(
    user: Actor, slug: str, action: str = RepositoryAction.VIEW, queryset: QuerySet | None = None
) -> Resource:
    """The resource, or 404 alike when it is missing or the user may not do ``action`` to it."""
    queryset = queryset if queryset is not None else Resource.objects.all()
    return policy.get_for(user, action, queryset, slug=slug)


def files_are_public(item: Practice | Resource, licence_chosen: str) -> bool:
    """Anyone may download an item's attachments: it is published, and both its licence and
    the licence its submitters chose are open (``SHAREABLE_LICENCES``)."""
    licences = [licence_chosen, getattr(item, "licence", licence_chosen)]
    published = item.status == PublicationStatus.PUBLISHED
    return published and all(licence in SHAREABLE_LICENCES for licence in licences)
