"""Who may read, write and moderate in discussion spaces: one policy for views, templates and
services.

Reading follows the space's access: a public space is read by everyone, a members' space by
signed-in members, an invited space by the invited group only. Writing needs a signed-in
reader and an open space. The space's moderators, people holding the moderator role and the Hub
team (curators, administrators) moderate every space, read drafts and export contributions.
"""

from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet

from accounts.choices import Role
from accounts.permissions import has_role, is_curator
from core.permissions import Policy, Rule, signed_in
from core.types import Actor

from .choices import Access, ContributionStatus, SpaceStatus
from .models import Contribution, Space


class DiscussionAction(StrEnum):
    VIEW = "view"  # read the space, its questions and published contributions
    CONTRIBUTE = "contribute"  # answer a question, reply, follow, flag (an open space)
    FOLLOW = "follow"  # follow the space or a question (any listed space one may read)
    MODERATE = "moderate"  # post questions, approve, hide, restore, see the log
    EXPORT = "export"  # export contributions, publish the synthesis (a closed space)
    VIEW_CONTRIBUTION = "view_contribution"  # one contribution (its permalink)
    FLAG = "flag"  # report a published contribution to the moderators


def is_moderator(user: Actor) -> bool:
    """Moderates every space: the moderator role and the Hub team."""
    return has_role(user, Role.MODERATOR) or is_curator(user)


def moderates(user: Actor, space: Space) -> bool:
    if is_moderator(user):
        return True
    return signed_in(user) and space.moderators.filter(pk=user.pk).exists()  # type: ignore[union-attr]


def _in_group(user: Actor, space: Space) -> bool:
    group_id = space.invited_group_id
    return bool(group_id and signed_in(user) and user.groups.filter(pk=group_id).exists())  # type: ignore[union-attr]


def may_read(user: Actor, space: Space) -> bool:
    if moderates(user, space):
        return True
    if space.status == SpaceStatus.DRAFT:
        return False
    if space.access == Access.PUBLIC:
        return True
    if space.access == Access.MEMBERS:
        return signed_in(user)
    return _in_group(user, space)


def _readable(user: Actor, qs: QuerySet) -> QuerySet:
    """Spaces ``user`` may read, in one query."""
    if is_moderator(user):
        return qs
    if not signed_in(user):
        return qs.exclude(status=SpaceStatus.DRAFT).filter(access=Access.PUBLIC)
    pk = user.pk  # type: ignore[union-attr]
    listed = ~Q(status=SpaceStatus.DRAFT)
    reads = Q(access__in=[Access.PUBLIC, Access.MEMBERS]) | Q(
        access=Access.INVITED, invited_group__user=pk
    )
    return qs.filter((listed & reads) | Q(moderators=pk)).distinct()


def _may_write(user: Actor, space: Space) -> bool:
    return signed_in(user) and may_read(user, space)


def _writable(user: Actor, qs: QuerySet) -> QuerySet:
    return _readable(user, qs).filter(status=SpaceStatus.OPEN) if signed_in(user) else qs.none()


def _moderated(user: Actor, qs: QuerySet) -> QuerySet:
    if is_moderator(user):
        return qs
    return qs.filter(moderators=user.pk).distinct() if signed_in(user) else qs.none()  # type: ignore[union-attr]


def _followable(user: Actor, qs: QuerySet) -> QuerySet:
    return _readable(user, qs).exclude(status=SpaceStatus.DRAFT) if signed_in(user) else qs.none()


def _exportable(user: Actor, qs: QuerySet) -> QuerySet:
    return _moderated(user, qs).filter(status__in=[SpaceStatus.CLOSED, SpaceStatus.ARCHIVED])


def _may_see_contribution(user: Actor, item: Contribution) -> bool:
    space = item.question.space
    if moderates(user, space):
        return True
    if item.status != ContributionStatus.PUBLISHED:
        return signed_in(user) and item.author_id == user.pk  # type: ignore[union-attr]
    return may_read(user, space)


def _visible_contributions(user: Actor, qs: QuerySet) -> QuerySet:
    if is_moderator(user):
        return qs
    spaces = _readable(user, Space.objects.all())
    shown = Q(status=ContributionStatus.PUBLISHED, question__space__in=spaces)
    if signed_in(user):
        shown |= Q(author=user.pk) | Q(question__space__moderators=user.pk)  # type: ignore[union-attr]
    return qs.filter(shown).distinct()


def _may_flag(user: Actor, item: Contribution) -> bool:
    return signed_in(user) and may_read(user, item.question.space)


def _flaggable(user: Actor, qs: QuerySet) -> QuerySet:
    if not signed_in(user):
        return qs.none()
    spaces = _readable(user, Space.objects.all())
    return qs.filter(status=ContributionStatus.PUBLISHED, question__space__in=spaces)


def _published(item: Any) -> bool:
    return item.status == ContributionStatus.PUBLISHED


policy = Policy(
    "discussions",
    DiscussionAction,
    {
        DiscussionAction.VIEW: Rule(Space, allowed=lambda u: True, on=may_read, scope=_readable),
        DiscussionAction.CONTRIBUTE: Rule(
            Space, allowed=signed_in, on=_may_write, scope=_writable, when=lambda s: s.is_open
        ),
        DiscussionAction.FOLLOW: Rule(
            Space,
            allowed=signed_in,
            on=_may_write,
            scope=_followable,
            when=lambda s: s.status != SpaceStatus.DRAFT,
        ),
        DiscussionAction.MODERATE: Rule(Space, allowed=signed_in, on=moderates, scope=_moderated),
        DiscussionAction.EXPORT: Rule(
            Space,
            allowed=signed_in,
            on=moderates,
            scope=_exportable,
            when=lambda s: s.status in (SpaceStatus.CLOSED, SpaceStatus.ARCHIVED),
        ),
        DiscussionAction.VIEW_CONTRIBUTION: Rule(
            Contribution,
            allowed=lambda u: True,
            on=_may_see_contribution,
            scope=_visible_contributions,
        ),
        DiscussionAction.FLAG: Rule(
            Contribution, allowed=signed_in, on=_may_flag, scope=_flaggable, when=_published
        ),
    },
)


def get_space_for(user: Actor, slug: str, action: str = DiscussionAction.VIEW) -> Space:
    """The space, or 404 alike when it is missing or ``user`` may not do ``action`` to it."""
    return policy.get_for(user, action, Space.objects.all(), slug=slug)
