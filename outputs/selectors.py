"""Reads for the featured pages and the files built from a call."""

import hashlib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from calls.models import Call
from repository.models import Practice
from repository.selectors import practices_for_export

from .choices import FeaturedStatus, JobKind, JobStatus
from .models import FeaturedPractice, FeaturedSelection, OutputJob

FALLBACK_LANGUAGE = "en"


def featured_entries(*, selection: FeaturedSelection) -> list[FeaturedPractice]:
    """The page's practices in their order; a practice unpublished since is left out."""
    entries = selection.entries.select_related(
        "practice", "practice__language", "practice__practice_type"
    )
    return [e for e in entries.order_by("position", "id") if e.practice.is_published]


def missing_translation(selection: FeaturedSelection) -> bool:
    """Whether the page's text is missing in the reader's language (it falls back to English)."""
    language = (translation.get_language() or FALLBACK_LANGUAGE).replace("-", "_")
    if language == FALLBACK_LANGUAGE:
        return False
    return not getattr(selection, f"introduction_{language}", "") and bool(selection.introduction)


def published_featured(*, call: Call) -> FeaturedSelection | None:
    return FeaturedSelection.objects.filter(call=call, status=FeaturedStatus.PUBLISHED).first()


def latest_featured(*, limit: int = 1) -> list[FeaturedSelection]:
    """The newest public featured pages, for the home page."""
    qs = FeaturedSelection.objects.filter(status=FeaturedStatus.PUBLISHED).select_related("call")
    return list(qs.order_by("-published_at", "-id")[:limit])


def call_practices(*, call: Call) -> QuerySet[Practice]:
    """The call's published practices with every relation a compendium section shows."""
    return practices_for_export().filter(call=call).order_by("title", "pk")


def iter_call_practices(*, call: Call, chunk_size: int = 100) -> Iterator[Practice]:
    """The same, read in chunks so a large call never sits in memory at once."""
    return call_practices(call=call).iterator(chunk_size=chunk_size)


def content_key(*, call: Call) -> str:
    """A fingerprint of what the compendium shows: it changes when the call or any of its
    published practices changes, is published or is withdrawn."""
    digest = hashlib.sha256(f"{call.pk}:{call.updated_at.isoformat()}".encode())
    rows = Practice.objects.published().filter(call=call).order_by("pk")
    for pk, updated in rows.values_list("pk", "updated_at").iterator(chunk_size=1000):
        digest.update(f"|{pk}:{updated.isoformat()}".encode())
    return digest.hexdigest()


#: A build not finished after this long is taken for lost (a worker that died): a new one starts.
STALE_AFTER = timedelta(hours=1)


def reusable_compendium(*, call: Call, kind: str, language: str, key: str) -> OutputJob | None:
    """A compendium of the same content and language that is ready or on its way."""
    qs = OutputJob.objects.filter(call=call, kind=kind, language=language, content_key=key)
    stale = Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]) & Q(
        created_at__lt=timezone.now() - STALE_AFTER
    )
    return qs.exclude(status=JobStatus.FAILED).exclude(stale).order_by("-created_at").first()


def get_job(*, call: Call, job_uuid: Any, kinds: tuple[str, ...]) -> OutputJob | None:
    return OutputJob.objects.filter(call=call, uuid=job_uuid, kind__in=kinds).first()


def recent_exports(*, call: Call, limit: int = 10) -> list[OutputJob]:
    qs = OutputJob.objects.filter(call=call, kind=JobKind.CALL_EXPORT).select_related(
        "requested_by"
    )
    return list(qs.order_by("-created_at")[:limit])
