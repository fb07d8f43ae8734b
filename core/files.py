"""Private files: a storage that is never public, random stored names, and serving helpers.

Reviewer CVs and the attachments of submissions live in the ``private`` storage of
``settings.STORAGES`` (``var/private/`` locally, a private bucket or prefix in production). It
has no public URL: a file reaches a person only through a view that checks permission first and
answers 404 alike for missing and forbidden. Stored names are random (a UUID and the extension);
the original name is kept in a model field for display.
"""

import uuid
from mimetypes import guess_type
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, Http404

PRIVATE = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk outside MEDIA_ROOT, with no URL: a link to one would be a leak."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view.")


def private_storage() -> Storage:
    """The storage of private files (a callable, so migrations do not freeze the backend)."""
    return storages[PRIVATE]


def random_name(folder: str, filename: str) -> str:
    """``folder/<32 hex digits><extension>``: nothing of the original name but its type."""
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def file_response(file: Any, *, filename: str, content_type: str = "") -> FileResponse:
    """A stored file as a download under ``filename`` (404 when the file is missing); the
    browser never sniffs its type. Check permission before calling this."""
    content_type = content_type or guess_type(filename)[0] or "application/octet-stream"
    try:
        handle = file.open("rb")
    except FileNotFoundError as missing:  # a row whose file was never moved or was lost
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
