"""Private files: a storage that is never public, random stored names, and serving helpers.

Reviewer CVs and the attachments of submissions live in the ``private`` storage of
``settings.STORAGES`` (``var/private/`` locally, a private bucket or prefix in production). It
has no public URL: a file reaches a person only through a view that checks permission first and
answers 404 alike for missing and forbidden. Stored names are random (a UUID and the extension);
the original name is kept in a model field for display.
"""

import errno
import os
import uuid
from mimetypes import guess_type
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, Http404

PRIVATE = "private"


class StorageFullError(OSError):
    """The disk (or the quota) had no room for a file; nothing of it was left behind."""


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk outside MEDIA_ROOT, with no URL: a link to one would be a leak.

    A disk that fills up while a file is written raises :class:`StorageFullError` after removing
    the part already written, so a full disk leaves no truncated file for a row to point at."""

    def _save(self, name: str, content: Any) -> str:
        try:
            return super()._save(name, content)  # type: ignore[misc]
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            # Stored names are random and opened exclusively: the file there is our part.
            if os.path.exists(self.path(name)):
                os.remove(self.path(name))
            raise StorageFullError(exc.errno, exc.strerror, name) from exc

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
