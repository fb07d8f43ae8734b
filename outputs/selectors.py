"""Reads for the featured pages and the files built from a call."""

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calls.models import Call
from repository.listing import PRACTICE_FACETS, listing_page
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


def reusable_compendium(
    *, call: Call | None, kind: str, language: str, key: str, query: str = ""
) -> OutputJob | None:
    """A compendium of the same content and language that is ready or on its way."""
    qs = OutputJob.objects.filter(
        call=call, query=query, kind=kind, language=language, content_key=key
    )
    stale = Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]) & Q(
        created_at__lt=timezone.now() - STALE_AFTER
    )
    return qs.exclude(status=JobStatus.FAILED).exclude(stale).order_by("-created_at").first()


def get_job(*, call: Call, job_uuid: Any, kinds: tuple[str, ...]) -> OutputJob | None:
    return OutputJob.objects.filter(call=call, uuid=job_uuid, kind__in=kinds).first()


def get_listing_job(*, job_uuid: Any) -> OutputJob | None:
    """A listing's compendium job (public: it holds what the public listing shows)."""
    kinds = (JobKind.COMPENDIUM_PDF, JobKind.COMPENDIUM_DOCX)
    return OutputJob.objects.filter(uuid=job_uuid, call=None, kind__in=kinds).first()


def recent_exports(*, call: Call, limit: int = 10) -> list[OutputJob]:
    qs = OutputJob.objects.filter(call=call, kind=JobKind.CALL_EXPORT).select_related(
        "requested_by"
    )
    return list(qs.order_by("-created_at")[:limit])


# The compendium of a practice listing (``/<lang>/practices/compendium.pdf?objective=10``).

#: The listing parameters that choose its practices and their order (the page number does not).
LISTING_PARAMETERS = (*PRACTICE_FACETS, "year", "q", "sort")


def listing_query(params: QueryDict) -> str:
    """The listing's parameters in one stable spelling: the same practices give the same text
    whatever the order of the parameters in the address."""
    pairs: list[tuple[str, str]] = []
    for name in LISTING_PARAMETERS:
        values = [value.strip() for value in params.getlist(name) if value.strip()]
        pairs += [(name, value) for value in (values if name == "q" else sorted(set(values)))]
    return urlencode(pairs)


@dataclass
class ListingSelection:
    """What a listing shows, for its compendium: the practices' ids in the listing's order and
    the filters chosen, in words (labels in the active language)."""

    query: str
    ids: Sequence[int]
    filters: list[tuple[str, str]]  # (facet title, chosen values)
    words: str


def listing_selection(*, query: str) -> ListingSelection:
    """The practices the public listing shows for ``query``: the listing's own code chooses
    them (published only, whoever asks), so the compendium holds exactly what the page lists."""
    params = QueryDict(query)
    page = listing_page(Practice, params)
    filters = [
        (str(facet.title), ", ".join(str(value.label) for value in facet.selected))
        for facet in page.facets
        if facet.selected
    ]
    if params.get("year"):
        filters.append((str(_("Year")), params["year"]))
    return ListingSelection(
        query=query, ids=[int(pk) for pk in page.ids], filters=filters, words=params.get("q", "")
    )


def listing_practices(*, ids: Sequence[int], chunk_size: int = 100) -> Iterator[Practice]:
    """The listed practices with every relation a compendium section shows, in the listing's
    order, read ``chunk_size`` at a time."""
    for start in range(0, len(ids), chunk_size):
        chunk = list(ids[start : start + chunk_size])
        found = practices_for_export().in_bulk(chunk)
        yield from (found[pk] for pk in chunk if pk in found)


def listing_content_key(*, selection: ListingSelection) -> str:
    """A fingerprint of the listing's compendium: its parameters, the practices in order and
    each one's last change (any edit, publication or withdrawal changes it)."""
    digest = hashlib.sha256(f"listing:{selection.query}".encode())
    ids = list(selection.ids)
    changed: dict[int, Any] = {}
    for start in range(0, len(ids), 500):
        rows = Practice.objects.filter(pk__in=ids[start : start + 500])
        changed.update(rows.values_list("pk", "updated_at"))
    for pk in ids:
        stamp = changed.get(pk)
        digest.update(f"|{pk}:{stamp.isoformat() if stamp else '-'}".encode())
    return digest.hexdigest()


#: A failed build, or one never finished, is kept this long for the Hub team to look at.
KEEP_FAILED = timedelta(days=1)
COMPENDIUM_KINDS = (JobKind.COMPENDIUM_PDF, JobKind.COMPENDIUM_DOCX)


def purgeable_jobs(*, now: datetime, retention: timedelta) -> list[OutputJob]:
    """The prepared files nobody will be served again: exports whose link has expired,
    compendia superseded by a newer build of the same call or listing, kind and language, or
    untouched for ``retention``; failed or lost builds older than a day."""
    expired = Q(kind=JobKind.CALL_EXPORT, expires_at__lte=now)
    unfinished = ~Q(status=JobStatus.DONE) & Q(created_at__lt=now - KEEP_FAILED)
    old = Q(kind__in=COMPENDIUM_KINDS, updated_at__lt=now - retention)
    doomed = {job.pk: job for job in OutputJob.objects.filter(expired | unfinished | old)}
    seen: set[tuple] = set()
    built = OutputJob.objects.filter(kind__in=COMPENDIUM_KINDS, status=JobStatus.DONE)
    for job in built.order_by("-created_at", "-pk"):
        group = (job.call_id, job.query, job.kind, job.language)
        if group in seen:
            doomed.setdefault(job.pk, job)
        seen.add(group)
    return list(doomed.values())
