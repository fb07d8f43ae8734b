"""Writes on expert profiles: guarded by the policy, audited, moved by the workflow engine; the
search index and e-mails follow after commit."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from accounts.models import User
from core.choices import AuditVerb
from core.errors import DomainError, NotAllowedError
from core.services import audit_record
from core.tasks import enqueue_on_commit, task_named
from core.types import Actor
from core.workflow import transition
from reviews.models import ReviewerProfile
from search.tasks import index_item_task
from taxonomy.models import OrganisationType

from .choices import IMPORT_ORG_TYPES, VISIBLE_FIELDS, Availability, ProfileStatus, Visibility
from .models import CONFIRM_EVERY_DAYS, GRACE_DAYS, ExpertBlock, ExpertMessage, ExpertProfile
from .permissions import ExpertAction, policy

P = ProfileStatus
LABEL = "experts.ExpertProfile"
RESERVED_SLUGS = {"me", "team"}  # the directory's own pages
M2M_FIELDS = ("languages", "objectives", "principles", "regions", "countries")


def _reindex(profile: ExpertProfile) -> None:
    pk = profile.pk
    enqueue_on_commit(index_item_task, LABEL, pk)


def _allowed(actor: Actor, action: str, profile: ExpertProfile | None = None) -> User:
    if not isinstance(actor, User) or not policy.can(actor, action, profile):
        raise NotAllowedError()
    return actor


def unique_slug(name: str, *, exclude: int | None = None) -> str:
    base = slugify(name)[:100] or "expert"
    slug, n = base, 1
    taken = ExpertProfile.objects.exclude(pk=exclude) if exclude else ExpertProfile.objects.all()
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@dataclass
class ProfileData:
    """What the profile form (or an import line) gives."""

    fields: dict[str, Any]
    relations: dict[str, Iterable[Any]]
    visibility: dict[str, str]


def _clean_visibility(chosen: dict[str, str]) -> dict[str, str]:
    return {
        field: chosen.get(field, default) if chosen.get(field) in Visibility.values else default
        for field, default in VISIBLE_FIELDS.items()
    }


@transaction.atomic
def profile_save(
    *, actor: Actor, data: ProfileData, profile: ExpertProfile | None = None
) -> ExpertProfile:
    """Create the actor's own profile, or update it. A listed profile stays listed; the search
    index follows."""
    user = _allowed(actor, ExpertAction.EDIT, profile)
    created = profile is None
    if profile is None:
        if ExpertProfile.objects.filter(user=user).exists():
            raise DomainError(_("You already have an expert profile."))
        profile = ExpertProfile(user=user, email=user.email)
    for name, value in data.fields.items():
        setattr(profile, name, value)
    profile.visibility = _clean_visibility(data.visibility)
    if not profile.slug:
        profile.slug = unique_slug(profile.name)
    profile.full_clean(exclude=["photo"])
    profile.save()
    for name, values in data.relations.items():
        getattr(profile, name).set(values)
    audit_record(
        actor=user,
        target=profile,
        verb=AuditVerb.CREATED if created else AuditVerb.PROFILE_UPDATED,
    )
    _reindex(profile)
    return profile


@transaction.atomic
def profile_publish(*, profile: ExpertProfile, actor: Actor) -> ExpertProfile:
    """The expert asks to be listed: at once when the team verified the profile before, after
    verification otherwise (the team is told)."""
    _allowed(actor, ExpertAction.EDIT, profile)
    if profile.is_verified:
        profile = transition(
            profile, P.LISTED, actor=actor, changes={"confirmed_at": timezone.now()}
        )
    else:
        profile = transition(profile, P.PENDING, actor=actor)
        pk = profile.pk
        enqueue_on_commit(task_named("experts.tasks.tell_team_profile_waits"), pk)
    _reindex(profile)
    return profile


def roster_profile_data(roster: ReviewerProfile) -> ProfileData:
    """A directory profile prefilled from a reviewer's roster details (expertise keywords are the
    roster themes, named in the reviewer's own language)."""
    user = roster.user
    with override(user.language or "en"):
        themes = ", ".join(str(theme) for theme in roster.themes.all())[:400]
    org_type = OrganisationType.objects.filter(slug=IMPORT_ORG_TYPES["un"]).first()
    return ProfileData(
        fields={
            "name": user.name or user.email.split("@")[0],
            "organisation": roster.organisation,
            "organisation_type": org_type if roster.is_un else None,
            "expertise": themes,
            "links": roster.publications,
            "availability": [Availability.REVIEW],
        },
        relations={
            "languages": roster.reading_languages.all(),
            "objectives": roster.objectives.all(),
            "regions": roster.regions.all(),
            "countries": roster.countries.all(),
        },
        visibility={},
    )


@transaction.atomic
def profile_from_roster(*, actor: Actor) -> ExpertProfile:
    """One click for a roster reviewer: a profile made from their roster details, sent to the
    Hub team for verification (listed at once if the team verified it before)."""
    user = _allowed(actor, ExpertAction.EDIT)
    roster = ReviewerProfile.objects.filter(user=user).first()
    if roster is None:
        raise DomainError(_("Only reviewers on the roster can publish a profile in one click."))
    profile = profile_save(actor=user, data=roster_profile_data(roster))
    return profile_publish(profile=profile, actor=user)


@transaction.atomic
def profile_hide(*, profile: ExpertProfile, actor: Actor) -> ExpertProfile:
    """Take the profile out of the directory (the expert, at any time; or the Hub team)."""
    if not (
        policy.can(actor, ExpertAction.EDIT, profile)
        or policy.can(actor, ExpertAction.VERIFY, profile)
    ):
        raise NotAllowedError()
    profile = transition(profile, P.HIDDEN, actor=actor)
    _reindex(profile)
    return profile


@transaction.atomic
def profile_verify(*, profile: ExpertProfile, actor: Actor) -> ExpertProfile:
    """The Hub team checked the person and lists the profile, with the verified badge."""
    user = _allowed(actor, ExpertAction.VERIFY, profile)
    now = timezone.now()
    profile = transition(
        profile,
        P.LISTED,
        actor=user,
        changes={"verified_at": now, "verified_by": user, "confirmed_at": now},
    )
    pk = profile.pk
    enqueue_on_commit(task_named("experts.tasks.send_profile_notice"), pk, "listed", "")
    _reindex(profile)
    return profile


@transaction.atomic
def profile_send_back(*, profile: ExpertProfile, actor: Actor, reason: str) -> ExpertProfile:
    """The team cannot verify the profile yet: back to the expert with the reason."""
    user = _allowed(actor, ExpertAction.VERIFY, profile)
    if not reason.strip():
        raise DomainError(_("Say what the expert should change."))
    profile = transition(profile, P.DRAFT, actor=user, note=reason.strip())
    pk = profile.pk
    enqueue_on_commit(
        task_named("experts.tasks.send_profile_notice"), pk, "sent_back", reason.strip()
    )
    return profile


@transaction.atomic
def profile_confirm(*, profile: ExpertProfile, actor: Actor) -> ExpertProfile:
    """The expert says the profile is still accurate: a lapsed profile is listed again."""
    _allowed(actor, ExpertAction.EDIT, profile)
    now = timezone.now()
    if profile.status == P.LAPSED:
        profile = transition(
            profile, P.LISTED, actor=actor, changes={"confirmed_at": now, "reminded_at": None}
        )
        _reindex(profile)
    else:
        ExpertProfile.objects.filter(pk=profile.pk).update(confirmed_at=now, reminded_at=None)
        profile.refresh_from_db()
    audit_record(actor=actor, target=profile, verb=AuditVerb.PROFILE_UPDATED, note="confirmed")
    return profile


@transaction.atomic
def profile_delete(*, profile: ExpertProfile, actor: Actor) -> None:
    """The expert deletes the profile: the row, its photo and its place in the index go."""
    _allowed(actor, ExpertAction.EDIT, profile)
    pk = profile.pk
    if profile.photo:
        name, storage = profile.photo.name, profile.photo.storage
        transaction.on_commit(lambda: storage.delete(name))
    profile.delete()
    enqueue_on_commit(index_item_task, LABEL, pk)


@transaction.atomic
def profile_lapse(*, profile: ExpertProfile) -> ExpertProfile:
    """Run by the Hub: a profile not confirmed in time drops out of the listing."""
    profile = transition(profile, P.LAPSED, actor=None, note="not confirmed in time")
    pk = profile.pk
    enqueue_on_commit(task_named("experts.tasks.send_profile_notice"), pk, "lapsed", "")
    _reindex(profile)
    return profile


@transaction.atomic
def message_relay(*, expert: ExpertProfile, actor: Actor, subject: str, body: str) -> ExpertMessage:
    """Relay a member's message to an expert; the expert may answer the sender directly."""
    sender = _allowed(actor, ExpertAction.CONTACT, expert)
    message = ExpertMessage.objects.create(
        expert=expert, sender=sender, subject=subject.strip(), body=body.strip()
    )
    pk = message.pk
    enqueue_on_commit(task_named("experts.tasks.send_relayed_message"), pk)
    return message


@transaction.atomic
def sender_block(*, expert: ExpertProfile, actor: Actor, sender: User) -> None:
    """The expert stops messages from one sender (they are not told)."""
    _allowed(actor, ExpertAction.EDIT, expert)
    ExpertBlock.objects.get_or_create(expert=expert, sender=sender)


def _remind(profile_ids: list[int]) -> None:
    for pk in profile_ids:
        task_named("experts.tasks.send_confirmation_reminder").enqueue(pk)


def confirmations_check(*, now: datetime | None = None) -> tuple[int, int]:
    """Remind the experts whose listed profile was not confirmed for a year; take out those
    reminded more than GRACE_DAYS ago (they are told). Returns (reminded, lapsed); safe to run
    more than once (``manage.py remind_experts``, daily)."""
    now = now or timezone.now()
    due = ExpertProfile.objects.filter(
        status=P.LISTED, confirmed_at__lt=now - timedelta(days=CONFIRM_EVERY_DAYS)
    )
    # Each reminder is claimed by a conditional update: a second run (or worker) finds it taken.
    reminded = [
        pk
        for pk in due.filter(reminded_at__isnull=True).values_list("pk", flat=True)
        if ExpertProfile.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now)
    ]
    transaction.on_commit(lambda: _remind(reminded))
    lapsed = 0
    for profile in due.filter(reminded_at__lt=now - timedelta(days=GRACE_DAYS)):
        profile_lapse(profile=profile)
        lapsed += 1
    return len(reminded), lapsed


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def experts_import(*, records: Iterable[Any], progress: Any = None) -> ImportResult:
    """Create (or update, matched by e-mail address) verified, listed profiles from validated
    import records. Each profile is its own transaction; the index follows."""
    result = ImportResult()
    for record in records:
        with transaction.atomic():
            profile = ExpertProfile.objects.filter(email__iexact=record.email).first()
            created = profile is None
            if profile is None:
                profile = ExpertProfile(email=record.email)
            for name, value in record.fields.items():
                setattr(profile, name, value)
            if not profile.slug:
                profile.slug = unique_slug(profile.name)
            now = timezone.now()
            profile.verified_at = profile.verified_at or now
            profile.confirmed_at = now
            profile.visibility = _clean_visibility({})
            profile.save()
            for name, values in record.relations.items():
                getattr(profile, name).set(values)
            if profile.status != P.LISTED:
                transition(profile, P.LISTED, actor=None, note="imported")
            audit_record(actor=None, target=profile, verb=AuditVerb.IMPORTED)
            _reindex(profile)
        result.created += created
        result.updated += not created
        if progress:
            progress(1)
    return result


def erase_personal_data(user: User) -> None:
    """Account deletion (accounts.personal_data): the person's directory profile goes."""
    profile = ExpertProfile.objects.filter(user=user).first()
    if profile is not None:
        profile_delete(profile=profile, actor=user)
