"""Content version tokens: cheap, shared signals that some kind of content changed.

``bump(key)`` after a write (inside its transaction), ``current(key)`` before using an in-memory
copy built at an older token. See :class:`core.models.ContentVersion`.
"""

import uuid

from .models import ContentVersion


def current(key: str) -> str:
    """The token of ``key`` ("" until the first write)."""
    return ContentVersion.objects.filter(key=key).values_list("token", flat=True).first() or ""


def bump(key: str) -> None:
    """Give ``key`` a new token (a random one: a rolled-back write never reuses a token)."""
    ContentVersion.objects.update_or_create(key=key, defaults={"token": uuid.uuid4().hex})
