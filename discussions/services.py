"""Writes in discussion spaces: each a guarded, audited transaction; e-mails leave after commit.

A contribution is published at once, unless it waits for a moderator: the first contributions
of a new account (``HUB_DISCUSSION_TRUSTED_AFTER`` published ones make an account trusted), and
any text the personal-data check of the submission form finds names or identifies a person.
"""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.choices import AuditVerb
from core.errors import DomainError, NotAllowedError
from core.services import audit_record
from core.tasks import enqueue_on_commit, task_named
from core.types import Actor
from core.workflow import transition
from search.tasks import index_item_task
from submissions.safeguarding import ExtractionError, scan_file, scan_text
from submissions.uploads import CleanedFile, check_file_count, clean_upload

from .choices import ContributionStatus, FlagReason, HoldReason, Language, SpaceStatus
from .language import detect_language
from .models import Contribution, ContributionFile, Flag, Follow, Question, Space
from .permissions import DiscussionAction, moderates, policy

C = ContributionStatus
BODY_MAX = 10_000


def _person(actor: Actor) -> User:
    """The actor as a person: the policy has let them act, so only a User reaches here."""
    if not isinstance(actor, User):
        raise NotAllowedError()
    return actor


def trusted_after() -> int:
    return int(getattr(settings, "HUB_DISCUSSION_TRUSTED_AFTER", 2))


def moderation_target() -> timedelta:
    """How soon moderators aim to look at a waiting contribution (shown to its author)."""
    return timedelta(hours=int(getattr(settings, "HUB_DISCUSSION_MODERATION_HOURS", 24)))


# --- Spaces -----------------------------------------------------------------------------------


def _reindex_space(space: Space) -> None:
    ids = list(Contribution.objects.filter(question__space=space).values_list("pk", flat=True))
    for pk in ids:
        enqueue_on_commit(index_item_task, Contribution._meta.label, pk)


@transaction.atomic
def space_move(*, space: Space, actor: Actor, to: str, note: str = "") -> Space:
    """A moderator opens, closes, reopens or archives a space by hand."""
    policy.require(actor, DiscussionAction.MODERATE, space, system=True)
    moved = transition(space, to, actor=actor, note=note)
    _reindex_space(moved)
    return moved


@transaction.atomic
def synthesis_publish(*, space: Space, actor: Actor, text: str) -> Space:
    """Moderators publish (or update) the synthesis of a closed consultation."""
    policy.require(actor, DiscussionAction.EXPORT, space)
    if space.status not in (SpaceStatus.CLOSED, SpaceStatus.ARCHIVED):
        raise DomainError(_("Publish the synthesis once the consultation has closed."))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the synthesis before publishing it."))
    space.synthesis = text
    space.synthesis_published_at = space.synthesis_published_at or timezone.now()
    space.save(update_fields=["synthesis", "synthesis_published_at", "updated_at"])
    audit_record(actor=actor, target=space, verb=AuditVerb.SYNTHESIS_PUBLISHED)
    return space


# --- Questions --------------------------------------------------------------------------------


@transaction.atomic
def question_post(
    *, space: Space, actor: Actor, title: str, body: str = "", language: str
) -> Question:
    """A moderator puts a question to the space."""
    policy.require(actor, DiscussionAction.MODERATE, space)
    if space.status == SpaceStatus.ARCHIVED:
        raise DomainError(_("An archived space takes no new questions."))
    last = space.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(
        space=space,
        author=_person(actor),
        title=(title or "").strip(),
        body=(body or "").strip(),
        language=language,
        position=(last or 0) + 1,
    )
    question.full_clean()
    question.save()
    audit_record(actor=actor, target=question, verb=AuditVerb.QUESTION_POSTED)
    return question


# --- Contributions ----------------------------------------------------------------------------


def _is_new_account(author: Any, space: Space) -> bool:
    if moderates(author, space):
        return False
    published = Contribution.objects.filter(author=author, status=C.PUBLISHED).count()
    return published < trusted_after()


def _hold_reason(author: Any, space: Space, body: str) -> str:
    if scan_text("body", body):
        return HoldReason.PERSONAL_DATA
    if _is_new_account(author, space):
        return HoldReason.NEW_ACCOUNT
    return HoldReason.NONE


def _checked_parent(question: Question, parent: Contribution | None) -> Contribution | None:
    """Replies nest one level: a reply to a reply answers the first contribution."""
    if parent is None:
        return None
    if parent.question_id != question.pk or parent.status != C.PUBLISHED:
        raise DomainError(_("You can only reply to a published contribution of this question."))
    return parent.parent or parent


def _language(body: str, language: str, page_language: str) -> tuple[str, bool]:
    if language:
        if language not in Language.values:
            raise DomainError(_("Choose one of the languages offered."))
        return language, False
    return detect_language(body, fallback=page_language[:2]), True


def _cleaned(files: Iterable[UploadedFile]) -> list[CleanedFile]:
    """Every file through the upload gate (raises UploadRejected with the reason)."""
    files = list(files)
    if files:
        check_file_count(0, adding=len(files))
    return [clean_upload(uploaded) for uploaded in files]


def _files_name_a_person(cleaned: list[CleanedFile]) -> bool:
    for item in cleaned:
        try:
            if scan_file(item.name, item.content, item.mime):
                return True
        except ExtractionError:
            return True  # unreadable: a moderator looks at it
    return False


def _attach(contribution: Contribution, cleaned: list[CleanedFile]) -> None:
    for item in cleaned:
        attached = ContributionFile(
            contribution=contribution, name=item.name, mime=item.mime, size=item.size
        )
        attached.file.save(item.name, ContentFile(item.content), save=False)
        attached.save()


@transaction.atomic
def contribution_post(
    *,
    question: Question,
    actor: Actor,
    body: str,
    language: str = "",
    parent: Contribution | None = None,
    files: Iterable[UploadedFile] = (),
    page_language: str = "en",
) -> Contribution:
    """A member answers a question (or replies to an answer). Published at once, or held for
    the moderators, who are told immediately."""
    space = question.space
    policy.require(actor, DiscussionAction.CONTRIBUTE, space)
    if not space.is_open:
        raise DomainError(_("This space is not open for contributions."))
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write your contribution before sending it."))
    if len(body) > BODY_MAX:
        raise DomainError(_("Keep your contribution under %(limit)d characters."), limit=BODY_MAX)
    code, detected = _language(body, language, page_language)
    cleaned = _cleaned(files)
    hold = _hold_reason(actor, space, body)
    if _files_name_a_person(cleaned):
        hold = HoldReason.PERSONAL_DATA
    item = Contribution(
        question=question,
        parent=_checked_parent(question, parent),
        author=_person(actor),
        body=body,
        language=code,
        language_detected=detected,
        status=C.PENDING if hold else C.PUBLISHED,
        hold_reason=hold,
        published_at=None if hold else timezone.now(),
    )
    item.full_clean()
    item.save()
    _attach(item, cleaned)
    audit_record(actor=actor, target=item, verb=AuditVerb.CONTRIBUTION_POSTED)
    _after_post(item)
    return item


def _after_post(item: Contribution) -> None:
    pk = item.pk
    if item.status == C.PENDING:
        enqueue_on_commit(task_named("discussions.tasks.announce_held"), pk)
    else:
        _published(item)


def _published(item: Contribution) -> None:
    pk = item.pk
    enqueue_on_commit(task_named("discussions.tasks.announce_contribution"), pk)
    enqueue_on_commit(index_item_task, Contribution._meta.label, pk)


def _moderate(item: Contribution, actor: Actor) -> None:
    policy.require(actor, DiscussionAction.MODERATE, item.question.space)


@transaction.atomic
def contribution_approve(*, contribution: Contribution, actor: Actor) -> Contribution:
    """A moderator publishes a contribution that waited in the queue."""
    _moderate(contribution, actor)
    if contribution.status != C.PENDING:
        raise DomainError(_("This contribution is not waiting for moderation."))
    moved = transition(contribution, C.PUBLISHED, actor=actor, changes=_publish_changes())
    _published(moved)
    enqueue_on_commit(task_named("discussions.tasks.announce_outcome"), moved.pk)
    return moved


def _publish_changes() -> dict[str, Any]:
    return {"published_at": timezone.now(), "moderation_note": ""}


def _reason(reason: str) -> str:
    reason = (reason or "").strip()[:500]
    if not reason:
        raise DomainError(_("Give the reason: the author and the moderation log show it."))
    return reason


@transaction.atomic
def contribution_hide(*, contribution: Contribution, actor: Actor, reason: str) -> Contribution:
    """A moderator hides a contribution (or declines a waiting one), with a reason."""
    _moderate(contribution, actor)
    reason = _reason(reason)
    was_pending = contribution.status == C.PENDING
    moved = transition(
        contribution, C.HIDDEN, actor=actor, note=reason, changes={"moderation_note": reason}
    )
    contribution.flags.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    pk = moved.pk
    enqueue_on_commit(index_item_task, Contribution._meta.label, pk)
    if was_pending:
        enqueue_on_commit(task_named("discussions.tasks.announce_outcome"), pk)
    return moved


@transaction.atomic
def contribution_restore(*, contribution: Contribution, actor: Actor, reason: str) -> Contribution:
    """A moderator shows a hidden contribution again, with a reason."""
    _moderate(contribution, actor)
    reason = _reason(reason)
    changes = {"moderation_note": "", "published_at": contribution.published_at or timezone.now()}
    moved = transition(contribution, C.PUBLISHED, actor=actor, note=reason, changes=changes)
    pk = moved.pk
    enqueue_on_commit(index_item_task, Contribution._meta.label, pk)
    return moved


@transaction.atomic
def contribution_keep(*, contribution: Contribution, actor: Actor, reason: str = "") -> int:
    """A moderator keeps a flagged contribution as it is: its open flags are closed. Returns
    how many were."""
    _moderate(contribution, actor)
    closed = contribution.flags.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    if closed:
        audit_record(
            actor=actor,
            target=contribution,
            verb=AuditVerb.FLAGS_DISMISSED,
            note=(reason or "").strip()[:500],
        )
    return closed


@transaction.atomic
def contribution_flag(
    *, contribution: Contribution, actor: Actor, reason: str, note: str = ""
) -> Flag:
    """A member reports a contribution; its moderators are told at once."""
    policy.require(actor, DiscussionAction.FLAG, contribution)
    if reason not in FlagReason.values:
        raise DomainError(_("Choose why you are flagging this contribution."))
    reporter = _person(actor)
    flag = Flag(
        contribution=contribution, reporter=reporter, reason=reason, note=note[:500].strip()
    )
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        raise DomainError(_("You have already flagged this contribution.")) from None
    audit_record(
        actor=actor,
        target=contribution,
        verb=AuditVerb.CONTRIBUTION_FLAGGED,
        note=str(flag.get_reason_display()),
    )
    enqueue_on_commit(task_named("discussions.tasks.announce_held"), contribution.pk, flag.pk)
    return flag


# --- Following --------------------------------------------------------------------------------


@transaction.atomic
def follow_toggle(
    *, actor: Actor, space: Space | None = None, question: Question | None = None
) -> bool:
    """Follow a space or one of its questions, or stop following. True when now following."""
    target_space = space or (question.space if question else None)
    if target_space is None:
        raise DomainError(_("Choose what to follow."))
    policy.require(actor, DiscussionAction.FOLLOW, target_space)
    person = _person(actor)
    existing = Follow.objects.filter(user=person, space=space, question=question)
    if existing.exists():
        existing.delete()
        return False
    Follow.objects.create(user=person, space=space, question=question)
    return True
