"""The Hub team's export of a whole call: one ZIP with every submission of the call and what
happened to it. Written entry by entry while the submissions are read in chunks, so memory stays
flat however many there are. The layout is documented in docs/outputs.md.

- ``submissions.csv``: one line per submission (the summary a spreadsheet opens);
- ``submissions.jsonl``: one JSON object per submission: its fields, every version, reviews,
  decisions, attachments (their paths in the ZIP) and its audit trail;
- ``reviews.csv``: one line per review (scores, recommendation);
- ``practices.jsonl``: the call's published practices in the exchange format of
  ``import_practices`` (docs/repository.md);
- ``attachments/<reference>/<file>``: the files attached to each submission.
"""

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from core.models import AuditEvent
from core.text import spreadsheet_safe
from repository.interchange import practice_to_record
from reviews.models import Decision, Review, ReviewAssignment
from submissions.models import Submission

from . import selectors
from .compendium import STEP, Progress
from .models import OutputJob

SUMMARY_COLUMNS = (
    "reference",
    "content_type",
    "title",
    "status",
    "submitted_at",
    "owner",
    "organisation",
    "language",
    "versions",
    "attachments",
    "reviews",
    "mean_score",
    "recommendations",
    "decision",
)
REVIEW_COLUMNS = (
    "submission",
    "version",
    "reviewer_internal",
    "recommendation",
    "mean_score",
    "scores",
    "submitted_at",
)


def _submissions(job: OutputJob) -> QuerySet[Submission]:
    qs = Submission.objects.filter(call=job.call).exclude(submitted_at__isnull=True)
    return qs.select_related("owner", "owner__organisation").order_by("submitted_at", "pk")


def _mean(scores: dict) -> float | None:
    numbers = [v for v in scores.values() if isinstance(v, int | float)]
    return round(sum(numbers) / len(numbers), 2) if numbers else None


def _reviews(submission: Submission) -> list[Review]:
    return list(
        Review.objects.filter(assignment__submission=submission)
        .select_related("assignment")
        .order_by("submitted_at")
    )


def _audit(submission: Submission) -> list[dict[str, Any]]:
    assignments = ReviewAssignment.objects.filter(submission=submission).values_list(
        "pk", flat=True
    )
    targets = [
        (ContentType.objects.get_for_model(Submission), [str(submission.pk)]),
        (ContentType.objects.get_for_model(ReviewAssignment), [str(pk) for pk in assignments]),
    ]
    events = AuditEvent.objects.none()
    for content_type, ids in targets:
        events |= AuditEvent.objects.filter(target_type=content_type, target_id__in=ids)
    return [
        {
            "at": e.created_at,
            "verb": e.verb,
            "from": e.from_status,
            "to": e.to_status,
            "actor": e.actor.email if e.actor else "",
            "note": e.note,
        }
        for e in events.select_related("actor").order_by("created_at", "pk")
    ]


def _record(submission: Submission, reviews: list[Review], files: list[dict]) -> dict[str, Any]:
    decisions = Decision.objects.filter(submission=submission).order_by("created_at")
    return {
        "reference": submission.reference,
        "uuid": str(submission.uuid),
        "content_type": submission.content_type,
        "status": submission.status,
        "title": submission.title,
        "submitted_at": submission.submitted_at,
        "owner": {"name": submission.owner.name, "email": submission.owner.email},
        "fields": submission.data,
        "eligibility": submission.eligibility,
        "versions": [
            {"number": v.number, "created_at": v.created_at, "fields": v.data}
            for v in submission.versions.order_by("number")
        ],
        "reviews": [
            {
                "version": r.version,
                "internal": r.assignment.is_internal,
                "scores": r.scores,
                "comments": r.comments,
                "recommendation": r.recommendation,
                "comments_to_team": r.comments_to_team,
                "comments_to_submitter": r.comments_to_submitter,
                "submitted_at": r.submitted_at,
            }
            for r in reviews
        ],
        "decisions": [
            {"outcome": d.outcome, "message": d.message, "decided_at": d.created_at}
            for d in decisions
        ],
        "attachments": files,
        "audit": _audit(submission),
    }


def _summary(submission: Submission, record: dict[str, Any]) -> list[Any]:
    reviews = record["reviews"]
    means = [m for m in (_mean(r["scores"]) for r in reviews) if m is not None]
    organisation = submission.owner.organisation
    return [
        submission.reference,
        submission.content_type,
        submission.title,
        submission.get_status_display(),
        submission.submitted_at,
        submission.owner.name,
        organisation.name if organisation else "",
        submission.data.get("language", ""),
        len(record["versions"]),
        len(record["attachments"]),
        len(reviews),
        round(sum(means) / len(means), 2) if means else "",
        "; ".join(str(r["recommendation"]) for r in reviews),
        record["decisions"][-1]["outcome"] if record["decisions"] else "",
    ]


class _Text:
    """A text entry of the ZIP written line by line (CSV or JSON Lines)."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.raw = archive.open(name, "w", force_zip64=True)
        self.text = io.TextIOWrapper(self.raw, encoding="utf-8", newline="")

    def json(self, value: Any) -> None:
        self.text.write(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.text.close()


def _review_rows(submission: Submission, reviews: list[Review]) -> Iterator[list[Any]]:
    for r in reviews:
        yield [
            submission.reference,
            r.version,
            r.assignment.is_internal,
            r.recommendation,
            _mean(r.scores),
            json.dumps(r.scores),
            r.submitted_at,
        ]


def _write_practices(archive: zipfile.ZipFile, job: OutputJob) -> None:
    out = _Text(archive, "practices.jsonl")
    call = job.call  # an export is always of a call (output_export_has_call)
    for practice in selectors.iter_call_practices(call=call) if call is not None else ():
        out.json(practice_to_record(practice))
    out.close()


def _attachment_list(submission: Submission) -> list[dict]:
    """The submission's files with the path each has in the ZIP."""
    folder = f"attachments/{submission.reference or submission.uuid}"
    return [
        {
            "name": a.name,
            "type": a.mime,
            "size": a.size,
            "path": f"{folder}/{a.pk}-{a.name}",
            "file": a.file,
        }
        for a in submission.attachments.filter(removed_at__isnull=True).order_by("pk")
    ]


def _copy_attachments(archive: zipfile.ZipFile, submission: Submission) -> None:
    """Copy the submission's files into the ZIP in blocks of a megabyte."""
    for item in _attachment_list(submission):
        with item["file"].open("rb") as source, archive.open(item["path"], "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)


class _Spool:
    """A CSV written to a temporary file on disk while the JSON Lines entry is open (a ZIP
    takes one open entry at a time), then copied into the ZIP."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        self.csv = csv.writer(self.file)
        self.csv.writerow(columns)

    def copy_into(self, archive: zipfile.ZipFile, name: str) -> None:
        self.file.seek(0)
        raw = archive.open(name, "w", force_zip64=True)
        with io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
            shutil.copyfileobj(self.file, text, 1024 * 1024)
        self.file.close()


def _write_records(archive: zipfile.ZipFile, job: OutputJob, tick: Progress) -> None:
    summary, reviews_csv = _Spool(SUMMARY_COLUMNS), _Spool(REVIEW_COLUMNS)
    out = _Text(archive, "submissions.jsonl")
    for submission in _submissions(job).iterator(chunk_size=50):
        reviews = _reviews(submission)
        files = [{k: v for k, v in f.items() if k != "file"} for f in _attachment_list(submission)]
        record = _record(submission, reviews, files)
        out.json(record)
        summary.csv.writerow([spreadsheet_safe(v) for v in _summary(submission, record)])
        reviews_csv.csv.writerows(
            [spreadsheet_safe(v) for v in row] for row in _review_rows(submission, reviews)
        )
        tick(1, 0)
    out.close()
    summary.copy_into(archive, "submissions.csv")
    reviews_csv.copy_into(archive, "reviews.csv")


def build_zip(*, job: OutputJob, out: IO[bytes], progress: Progress, base_url: str = "") -> None:
    """Write the call's export into ``out`` (a file opened for writing in binary): the
    submissions are read twice in chunks (texts, then files), never all at once."""
    total = 2 * _submissions(job).count()
    done = [0]

    def tick(step: int, _unused: int) -> None:
        done[0] += step
        if done[0] % STEP == 0:
            progress(done[0], total)

    progress(0, total)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write_records(archive, job, tick)
        _write_practices(archive, job)
        for submission in _submissions(job).iterator(chunk_size=50):
            _copy_attachments(archive, submission)
            tick(1, 0)
    progress(total, total)
