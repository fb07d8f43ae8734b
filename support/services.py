"""Writes on support requests: each a guarded, audited transaction; e-mails leave after commit."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.choices import AuditVerb
from core.errors import DomainError, NotAllowedError
from core.services import audit_record
from core.tasks import enqueue_on_commit, task_named
from core.types import Actor
from core.workflow import transition
from experts.models import ExpertProfile
from taxonomy.models import Country, Language, Objective

from .choices import ENDED, RequestStatus
from .models import Activity, InternalNote, PartnerInterest, RequestMessage, SupportRequest
from .permissions import SupportAction, policy

S = RequestStatus


def _allowed(actor: Actor, action: str, request: SupportRequest | None = None) -> User:
    """The actor, when the policy lets them do ``action``; NotAllowedError otherwise."""
    if not isinstance(actor, User) or not policy.can(actor, action, request):
        raise NotAllowedError()
    return actor


def _text(value: str, message: Any) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message)
    return value


@transaction.atomic
def request_file(
    *,
    actor: Actor,
    country: Country,
    institution: str,
    title: str,
    need: str,
    language: str,
    support_type: str,
    objectives: Iterable[Objective] = (),
    languages: Iterable[Language] = (),
    timeline: str = "",
    share_summary: bool = False,
    public_summary: str = "",
) -> SupportRequest:
    """A focal point files a request; it is acknowledged to them and the team is told."""
    requester = _allowed(actor, SupportAction.FILE)
    if share_summary and not public_summary.strip():
        raise DomainError(_("Write the anonymised summary, or choose not to share one."))
    request = SupportRequest(
        requester=requester,
        country=country,
        institution=institution.strip(),
        title=title.strip(),
        need=need.strip(),
        language=language,
        support_type=support_type,
        timeline=timeline.strip(),
        share_summary=share_summary,
        public_summary=public_summary.strip() if share_summary else "",
    )
    request.full_clean()
    request.save()
    request.objectives.set(objectives)
    request.languages.set(languages)
    audit_record(actor=requester, target=request, verb=AuditVerb.SUPPORT_REQUESTED)
    enqueue_on_commit(task_named("support.tasks.announce_request"), request.pk)
    return request


def _move(request: SupportRequest, to: str, *, actor: User, note: str = "", **changes: Any):
    """Move through the workflow; the team's first move is its first response."""
    if to in ENDED:
        changes["ended_at"] = timezone.now()
    if request.first_response_at is None and policy.can(actor, SupportAction.WORK):
        changes["first_response_at"] = timezone.now()
    moved = transition(request, to, actor=actor, note=note, changes=changes)
    enqueue_on_commit(task_named("support.tasks.tell_status"), moved.pk, note)
    return moved


@transaction.atomic
def request_move(
    *, request: SupportRequest, actor: Actor, to: str, note: str = ""
) -> SupportRequest:
    """The team moves a request: assessment, more information needed, declined (with a reason),
    accepted, closed. ``note`` is sent to the requester."""
    team = _allowed(actor, SupportAction.WORK, request)
    if to in (S.MATCHED, S.IN_PROGRESS, S.COMPLETED):
        raise DomainError(_("Use the form made for this step."))
    changes = {}
    if to == S.DECLINED:
        changes["decline_reason"] = _text(note, _("Give the reason for declining the request."))
    if to == S.NEEDS_INFORMATION:
        _text(note, _("Say what information is needed."))
    return _move(request, to, actor=team, note=note.strip(), **changes)


@transaction.atomic
def request_propose(
    *,
    request: SupportRequest,
    actor: Actor,
    experts: Iterable[ExpertProfile],
    partners: str = "",
    note: str = "",
) -> SupportRequest:
    """The team proposes experts and partners; the requester is asked to agree."""
    team = _allowed(actor, SupportAction.WORK, request)
    experts = list(experts)
    if not experts and not partners.strip():
        raise DomainError(_("Propose at least one expert or partner."))
    moved = _move(request, S.MATCHED, actor=team, note=note.strip(), proposed_partners=partners)
    moved.proposed_experts.set(experts)
    return moved


@transaction.atomic
def request_agree(*, request: SupportRequest, actor: Actor) -> SupportRequest:
    """The requester agrees with the proposal: the support starts."""
    requester = _allowed(actor, SupportAction.FOLLOW, request)
    if request.status != S.MATCHED:
        raise DomainError(_("There is no proposal to agree with yet."))
    return _move(request, S.IN_PROGRESS, actor=requester, agreed_at=timezone.now())


@transaction.atomic
def activity_add(
    *,
    request: SupportRequest,
    actor: Actor,
    title: str,
    starts_on: date,
    ends_on: date | None = None,
    description: str = "",
) -> Activity:
    team = _allowed(actor, SupportAction.WORK, request)
    if request.status not in (S.MATCHED, S.IN_PROGRESS):
        raise DomainError(_("Activities are added once experts and partners are proposed."))
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("An activity cannot end before it starts."))
    activity = Activity.objects.create(
        request=request, title=title, starts_on=starts_on, ends_on=ends_on, description=description
    )
    audit_record(actor=team, target=request, verb=AuditVerb.ACTIVITY_ADDED, note=title)
    return activity


@transaction.atomic
def request_complete(*, request: SupportRequest, actor: Actor, outcome: str) -> SupportRequest:
    team = _allowed(actor, SupportAction.WORK, request)
    outcome = _text(outcome, _("Describe the outcome of the support."))
    return _move(request, S.COMPLETED, actor=team, outcome=outcome)


@transaction.atomic
def request_rate(
    *, request: SupportRequest, actor: Actor, rating: int, comment: str = ""
) -> SupportRequest:
    """The requester rates completed support (once; a second rating replaces the first)."""
    requester = _allowed(actor, SupportAction.FOLLOW, request)
    if request.status != S.COMPLETED:
        raise DomainError(_("Support can be rated once it is completed."))
    request.rating, request.rating_comment = rating, comment.strip()
    request.full_clean()
    request.save(update_fields=["rating", "rating_comment", "updated_at"])
    audit_record(actor=requester, target=request, verb=AuditVerb.SUPPORT_RATED, note=str(rating))
    return request


@transaction.atomic
def message_post(*, request: SupportRequest, actor: Actor, body: str) -> RequestMessage:
    """A message in the thread. The team's first one is its first response; the requester's
    answer to a question sends the request back to assessment."""
    from_team = policy.can(actor, SupportAction.WORK, request)
    author = _allowed(actor, SupportAction.WORK if from_team else SupportAction.FOLLOW, request)
    body = _text(body, _("Write the message before sending it."))
    if request.is_ended:
        raise DomainError(
            _("This request is over; write to the Hub team through the contact form.")
        )
    message = RequestMessage.objects.create(
        request=request, author=author, from_team=from_team, body=body
    )
    if from_team and request.first_response_at is None:
        SupportRequest.objects.filter(pk=request.pk).update(first_response_at=timezone.now())
    if not from_team and request.status == S.NEEDS_INFORMATION:
        transition(request, S.ASSESSMENT, actor=author)
    audit_record(actor=author, target=request, verb=AuditVerb.MESSAGE_POSTED)
    enqueue_on_commit(task_named("support.tasks.deliver_message"), message.pk)
    return message


@transaction.atomic
def note_add(*, request: SupportRequest, actor: Actor, body: str) -> InternalNote:
    """A note for the team only; the requester never sees it and is not told."""
    team = _allowed(actor, SupportAction.WORK, request)
    body = _text(body, _("Write the note before saving it."))
    note = InternalNote.objects.create(request=request, author=team, body=body)
    audit_record(actor=team, target=request, verb=AuditVerb.NOTE_ADDED)
    return note


@transaction.atomic
def interest_express(*, request: SupportRequest, actor: Actor, note: str) -> PartnerInterest:
    """A partner offers to help with a shared request; the team is told."""
    partner = _allowed(actor, SupportAction.OFFER, request)
    note = _text(note, _("Say how your organisation could help."))
    if PartnerInterest.objects.filter(request=request, partner=partner).exists():
        raise DomainError(_("You have already offered to help with this request."))
    interest = PartnerInterest.objects.create(request=request, partner=partner, note=note)
    audit_record(actor=partner, target=request, verb=AuditVerb.INTEREST_EXPRESSED)
    enqueue_on_commit(task_named("support.tasks.announce_interest"), interest.pk)
    return interest
