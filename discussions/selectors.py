"""Reads of discussion spaces: listings, threads, the moderation queue and log, exports."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from core.audit import Described, describe_all
from core.models import AuditEvent
from core.types import Actor

from .choices import Access, ContributionStatus, SpaceStatus
from .models import Contribution, Flag, Question, Space
from .permissions import DiscussionAction, moderates, policy

C = ContributionStatus


def spaces_for(user: Actor) -> QuerySet[Space]:
    """The spaces ``user`` may read, open ones first, with their counts."""
    published = Count(
        "questions__contributions", filter=Q(questions__contributions__status=C.PUBLISHED)
    )
    return (
        policy.instances(user, DiscussionAction.VIEW)
        .annotate(contribution_count=published)
        .order_by("status", "-opens_at", "-created_at")
    )


def spaces_linking(practice: Any, user: Actor) -> list[tuple[str, str]]:
    """(title, URL) of the public spaces that link to ``practice``, for its page."""
    spaces = practice.discussion_spaces.listed().filter(access=Access.PUBLIC).order_by("-opens_at")
    return [(space.title, space.get_absolute_url()) for space in spaces]


def spaces_moderated(profile: Any, user: Actor) -> list[tuple[str, str]]:
    """(title, URL) of the spaces the expert behind ``profile`` moderates that ``user`` may
    read (not drafts), newest first, for the expert's profile (core/related.py)."""
    if profile.user_id is None:
        return []
    moderated = Space.objects.listed().filter(moderators=profile.user_id)
    spaces = policy.instances(user, DiscussionAction.VIEW, moderated).order_by("-opens_at", "-pk")
    return [(space.title, space.get_absolute_url()) for space in spaces[:20]]


def _visible(user: Actor, space: Space) -> Q:
    if moderates(user, space):
        return Q()
    shown = Q(status=C.PUBLISHED)
    if getattr(user, "is_authenticated", False):
        shown |= Q(author=user.pk)  # type: ignore[union-attr]
    return shown


def questions_of(space: Space) -> QuerySet[Question]:
    published = Count("contributions", filter=Q(contributions__status=C.PUBLISHED))
    return space.questions.annotate(contribution_count=published)


def thread(question: Question, user: Actor) -> list[Contribution]:
    """The answers to ``question`` that ``user`` sees, each with its replies, oldest first."""
    shown = _visible(user, question.space)
    contributions = Contribution.objects.filter(shown).select_related(
        "author__organisation", "author__organisation_type"
    )
    replies = Prefetch(
        "replies", queryset=contributions.prefetch_related("files"), to_attr="shown_replies"
    )
    return list(
        contributions.filter(question=question, parent__isnull=True).prefetch_related(
            replies, "files"
        )
    )


def queue(space: Space) -> QuerySet[Contribution]:
    """Contributions waiting for a moderator, and published ones with open flags."""
    open_flags = Flag.objects.filter(contribution=OuterRef("pk"), resolved_at__isnull=True)
    flagged = Q(status=C.PUBLISHED) & Q(Exists(open_flags))
    return (
        Contribution.objects.filter(Q(status=C.PENDING) | flagged, question__space=space)
        .select_related("author", "question")
        .prefetch_related("flags")
        .order_by("created_at")
    )


def hidden(space: Space) -> QuerySet[Contribution]:
    return Contribution.objects.filter(question__space=space, status=C.HIDDEN).select_related(
        "author", "question"
    )


def moderation_log(space: Space, limit: int = 200) -> list[Described]:
    """The audit events of the space, its questions and contributions, newest first."""
    types = ContentType.objects.get_for_models(Space, Question, Contribution)
    question_ids = [str(pk) for pk in space.questions.values_list("pk", flat=True)]
    contribution_ids = [
        str(pk)
        for pk in Contribution.objects.filter(question__space=space).values_list("pk", flat=True)
    ]
    events = AuditEvent.objects.filter(
        Q(target_type=types[Space], target_id=str(space.pk))
        | Q(target_type=types[Question], target_id__in=question_ids)
        | Q(target_type=types[Contribution], target_id__in=contribution_ids)
    ).select_related("actor", "target_type")
    return describe_all(events.order_by("-created_at", "-pk")[:limit])


@dataclass(frozen=True)
class ExportRow:
    question: str
    author: str
    organisation: str
    organisation_type: str
    country: str
    language: str
    date: str
    text: str
    in_reply_to: str


def export_rows(space: Space) -> list[ExportRow]:
    """Every published contribution, grouped by question (in order), oldest first."""
    items = (
        Contribution.objects.filter(question__space=space, status=C.PUBLISHED)
        .select_related("question", "author__organisation", "author__organisation_type")
        .order_by("question__position", "question__pk", "created_at", "pk")
    )
    return [_row(item) for item in items]


def _row(item: Contribution) -> ExportRow:
    author = item.author
    return ExportRow(
        question=item.question.title,
        author=author.display_name,
        organisation=str(author.organisation or ""),
        organisation_type=str(author.organisation_type or ""),
        country=str(author.country.name or ""),
        language=str(item.get_language_display()),
        date=(item.published_at or item.created_at).date().isoformat(),
        text=item.body,
        in_reply_to=f"#{item.parent_id}" if item.parent_id else "",
    )


def is_listed(space: Space) -> bool:
    return space.status != SpaceStatus.DRAFT


def contributions_by_objective() -> dict[int, int]:
    """Published contributions in public spaces per GCM objective (by number) of their space:
    counts only, for the insights page's supply-and-demand table."""
    rows = (
        Contribution.objects.searchable()
        .filter(question__space__objectives__isnull=False)
        .values_list("question__space__objectives__number")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )
    return dict(rows)
