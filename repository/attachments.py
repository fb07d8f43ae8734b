"""The attachments of published items, offered to everyone when their licence allows it.

Files stay in the private storage. The public page lists, and this view serves, the current
attachments of the submission a practice or resource was published from, only while the item
is published and only when both the item's licence and the licence its submitters chose are
open (``SHAREABLE_LICENCES``). Anything else answers 404, like a missing file.
"""

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.files import file_response
from submissions.models import Attachment, Submission

from .models import Practice, Resource
from .permissions import files_are_public

MODELS: dict[str, type[Practice] | type[Resource]] = {"practice": Practice, "resource": Resource}


def _licence_chosen(submission: Submission) -> str:
    """The licence the submitters chose in the version that was published."""
    version = submission.versions.order_by("-number").first()
    return str((version.data if version else submission.data).get("licence", ""))


def public_attachments(item: Practice | Resource) -> list[Attachment]:
    """The files anyone may download from the item's page (an empty list when none may be)."""
    if not item.source_submission_id:
        return []
    submission = Submission.objects.filter(pk=item.source_submission_id).first()
    if submission is None or not files_are_public(item, _licence_chosen(submission)):
        return []
    return list(submission.attachments.filter(removed_at__isnull=True).order_by("created_at", "pk"))


@require_safe
def published_file(request: HttpRequest, kind: str, slug: str, pk: int) -> FileResponse:
    """One attachment of a published item with an open licence; 404 alike otherwise."""
    model = MODELS.get(kind)
    item = model.objects.filter(slug=slug).first() if model else None
    attachment = next((f for f in public_attachments(item) if f.pk == pk), None) if item else None
    if attachment is None:
        raise Http404
    return file_response(attachment.file, filename=attachment.name, content_type=attachment.mime)


def attachment_links(item: Any, kind: str) -> list[dict[str, Any]]:
    """What the page shows: name, size and the public download address of each file."""
    return [
        {
            "name": f.name,
            "size": f.size,
            "url": reverse(
                "published_files:file", kwargs={"kind": kind, "slug": item.slug, "pk": f.pk}
            ),
        }
        for f in public_attachments(item)
    ]
