"""Writes on featured pages and on the files built from a call. Featured pages move through the
workflow engine (FeaturedSelection.workflow); files are built by tasks (tasks.py) whose moves are
audited too, and the Hub team's export of a whole call is recorded on the call."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from calls.models import Call
from core.choices import AuditVerb
from core.errors import DomainError
from core.services import audit_record
from core.tasks import enqueue_on_commit
from core.types import Actor
from core.workflow import transition
from repository.models import Practice

from . import selectors
from .choices import FeaturedStatus, JobKind, JobStatus
from .models import FeaturedPractice, FeaturedSelection, OutputJob
from .permissions import OutputAction, policy

EXPORT_LIFETIME = timedelta(days=7)

#: Builds a job's file into an open binary file, calling ``progress(done, total)`` as it goes.
Builder = Callable[..., None]


@transaction.atomic
def featured_save(*, selection: FeaturedSelection, actor: Actor) -> FeaturedSelection:
    """Create or edit a featured page (its texts); audited."""
    policy.require(actor, OutputAction.CURATE)
    created = selection.pk is None
    selection.full_clean()
    selection.save()
    verb = AuditVerb.CREATED if created else AuditVerb.UPDATED
    audit_record(actor=actor, target=selection, verb=verb)
    return selection


@transaction.atomic
def featured_add(
    *, selection: FeaturedSelection, practice: Practice, note: str = "", actor: Actor
) -> FeaturedPractice:
    """Put a published practice of the call on its featured page, after the others."""
    policy.require(actor, OutputAction.CURATE, system=True)  # the demo loader features too
    if practice.call_id != selection.call_id or not practice.is_published:
        raise DomainError(_("Only the call's published practices can be featured on its page."))
    last = selection.entries.order_by("-position").values_list("position", flat=True).first()
    entry = FeaturedPractice(
        selection=selection, practice=practice, note=note, position=(last or 0) + 1
    )
    entry.full_clean()
    entry.save()
    audit_record(actor=actor, target=selection, verb=AuditVerb.UPDATED, note=practice.title)
    return entry


def _publishable(selection: FeaturedSelection) -> None:
    if not selectors.featured_entries(selection=selection):
        raise DomainError(_("Feature at least one published practice before publishing the page."))


@transaction.atomic
def featured_publish(*, selection: FeaturedSelection, actor: Actor) -> FeaturedSelection:
    """Make the page public now."""
    policy.require(actor, OutputAction.CURATE, system=True)  # the scheduled task publishes too
    _publishable(selection)
    changes = {"published_at": timezone.now(), "publish_at": None}
    return transition(selection, FeaturedStatus.PUBLISHED, actor=actor, changes=changes)


@transaction.atomic
def featured_schedule(
    *, selection: FeaturedSelection, publish_at: datetime, actor: Actor
) -> FeaturedSelection:
    """Make the page public at ``publish_at`` (such as an international day)."""
    policy.require(actor, OutputAction.CURATE)
    if publish_at <= timezone.now():
        raise DomainError(_("Choose an instant in the future, or publish the page now."))
    _publishable(selection)
    selection = transition(
        selection, FeaturedStatus.SCHEDULED, actor=actor, changes={"publish_at": publish_at}
    )
    pk, task = selection.pk, import_string(f"{__package__}.tasks.publish_featured_when_due")
    enqueue_on_commit(task, pk, when=publish_at)
    return selection


@transaction.atomic
def featured_withdraw(*, selection: FeaturedSelection, actor: Actor) -> FeaturedSelection:
    """Back to a draft: the page is no longer public (or no longer scheduled)."""
    policy.require(actor, OutputAction.CURATE)
    return transition(selection, FeaturedStatus.DRAFT, actor=actor, changes={"publish_at": None})


def featured_publish_if_due(*, selection: FeaturedSelection, now: datetime) -> bool:
    """Publish a scheduled page whose instant has come. Safe to run more than once."""
    due = selection.publish_at is not None and selection.publish_at <= now
    if selection.status != FeaturedStatus.SCHEDULED or not due:
        return False
    featured_publish(selection=selection, actor=None)
    return True


def _enqueue_build(job: OutputJob) -> None:
    """Build the job's file in the background once the job row is committed."""
    task = import_string(f"{__package__}.tasks.build_output")
    enqueue_on_commit(task, str(job.uuid))


@transaction.atomic
def compendium_request(*, call: Call, kind: str, language: str, actor: Actor) -> OutputJob:
    """The compendium of the call in ``language``: the one already built (or being built) for
    the same content, or a new job. Its cache lasts until a practice of the call changes."""
    policy.require(actor, OutputAction.COMPENDIUM, call, system=True)
    if kind not in (JobKind.COMPENDIUM_PDF, JobKind.COMPENDIUM_DOCX):
        raise DomainError(_("This kind of compendium does not exist."))
    key = selectors.content_key(call=call)
    found = selectors.reusable_compendium(call=call, kind=kind, language=language, key=key)
    if found is not None:
        return found
    requester = actor if isinstance(actor, User) else None
    job = OutputJob.objects.create(
        kind=kind, call=call, language=language, content_key=key, requested_by=requester
    )
    _enqueue_build(job)
    return job


class CompendiumRefusedError(DomainError):
    """A listing's compendium is not made: the listing is empty or longer than the limit."""


@transaction.atomic
def listing_compendium_request(*, query: str, kind: str, language: str, actor: Actor) -> OutputJob:
    """The compendium of the practices the public listing shows for ``query`` (its parameters,
    ``selectors.listing_query``), in ``language``: the one already built or being built for the
    same practices in the same state, or a new job. Refused with a message when the listing is
    empty or holds more than ``HUB_COMPENDIUM_MAX_PRACTICES`` practices."""
    policy.require(actor, OutputAction.LISTING_COMPENDIUM, system=True)
    if kind not in (JobKind.COMPENDIUM_PDF, JobKind.COMPENDIUM_DOCX):
        raise DomainError(_("This kind of compendium does not exist."))
    selection = selectors.listing_selection(query=query)
    count, limit = len(selection.ids), settings.HUB_COMPENDIUM_MAX_PRACTICES
    if not count:
        raise CompendiumRefusedError(
            _("This listing shows no practice: there is nothing to compile.")
        )
    if count > limit:
        raise CompendiumRefusedError(
            _(
                "This listing shows %(count)s practices; a compendium holds at most %(limit)s. "
                "Narrow the listing with its filters, then ask again."
            ),
            count=count,
            limit=limit,
        )
    key = selectors.listing_content_key(selection=selection)
    found = selectors.reusable_compendium(
        call=None, query=query, kind=kind, language=language, key=key
    )
    if found is not None:
        return found
    job = OutputJob.objects.create(
        kind=kind,
        query=query,
        language=language,
        content_key=key,
        total=count,
        requested_by=actor if isinstance(actor, User) else None,
    )
    _enqueue_build(job)
    return job


def outputs_purge(*, now: datetime | None = None) -> int:
    """Delete the prepared files nobody will be served again, and their rows
    (``selectors.purgeable_jobs``); the files go once the rows' deletion is committed.
    Returns how many were deleted. Run daily (``purge_outputs``)."""
    now = now or timezone.now()
    retention = timedelta(days=settings.HUB_OUTPUT_RETENTION_DAYS)
    doomed = selectors.purgeable_jobs(now=now, retention=retention)
    files = [(job.file.storage, job.file.name) for job in doomed if job.file]
    with transaction.atomic():
        OutputJob.objects.filter(pk__in=[job.pk for job in doomed]).delete()
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return len(doomed)


@transaction.atomic
def export_request(*, call: Call, language: str, actor: Actor) -> OutputJob:
    """Start an export of the whole call for the Hub team; the export itself is audited and
    its download link expires."""
    policy.require(actor, OutputAction.EXPORT, call)
    job = OutputJob.objects.create(
        kind=JobKind.CALL_EXPORT,
        call=call,
        language=language,
        requested_by=actor if isinstance(actor, User) else None,
        expires_at=timezone.now() + EXPORT_LIFETIME,
    )
    audit_record(actor=actor, target=call, verb=AuditVerb.CALL_EXPORTED, note=str(job.uuid))
    _enqueue_build(job)
    return job


def job_progress(*, job: OutputJob, done: int, total: int) -> None:
    """Record how far the build has gone (not a status change: no audit event)."""
    OutputJob.objects.filter(pk=job.pk).update(done=done, total=total, updated_at=timezone.now())
    job.done, job.total = done, total


def _take_over(job: OutputJob) -> bool:
    """Claim a build whose progress has not moved for ``HUB_WORKER_STALE_SECONDS`` (a live
    build records progress after every item); a conditional update, so one claimant wins."""
    quiet_since = timezone.now() - timedelta(seconds=settings.HUB_WORKER_STALE_SECONDS)
    return bool(
        OutputJob.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, updated_at__lt=quiet_since
        ).update(updated_at=timezone.now(), done=0)
    )


def job_run(*, job: OutputJob, build: Builder, filename: str, workdir: str) -> OutputJob:
    """Run ``build`` for a queued job: it writes into a temporary file, which is then stored.
    A failure is recorded on the job (shown to the person waiting) instead of lost."""
    if job.status == JobStatus.QUEUED:
        job = transition(job, JobStatus.RUNNING, actor=None)
    elif not (job.status == JobStatus.RUNNING and _take_over(job)):
        return job  # finished, or another worker is building it: tasks may run twice
    # (a RUNNING job taken over: its worker died mid-build and the task came back)
    path = f"{workdir}/{filename}"
    try:
        with open(path, "wb") as out:
            build(job=job, out=out, progress=lambda d, t: job_progress(job=job, done=d, total=t))
        with open(path, "rb") as done:
            job.file.save(filename, File(done), save=False)
    except Exception as error:
        return transition(job, JobStatus.FAILED, actor=None, changes={"error": repr(error)[:2000]})
    size = job.file.size
    return transition(
        job, JobStatus.DONE, actor=None, changes={"file": job.file.name, "size": size}
    )
