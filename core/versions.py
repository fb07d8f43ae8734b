"""Content version tokens: cheap, shared signals that some kind of content changed.

``bump(key)`` after a write (inside its transaction), ``current(key)`` before using an in-memory
copy built at an older token. See :class:`core.models.ContentVersion`.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

from .models import ContentVersion

_READ = f'SELECT token FROM {ContentVersion._meta.db_table} WHERE "key" = %s'  # noqa: S608


_memo: ContextVar[dict[str, str] | None] = ContextVar("content_versions", default=None)


@contextmanager
def remembered() -> Iterator[None]:
    """Within the block (one request: ``core.middleware.ContentVersionsMiddleware``) each token
    is read from the database once; a ``bump`` in the block forgets it."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def current(key: str) -> str:
    """The token of ``key`` ("" until the first write). Plain SQL: pages read several tokens
    per request, and building the ORM query cost more than running it."""
    memo = _memo.get()
    if memo is not None and key in memo:
        return memo[key]
    with connection.cursor() as cursor:
        cursor.execute(_READ, [key])
        row = cursor.fetchone()
    value = row[0] if row else ""
    if memo is not None:
        memo[key] = value
    return value


def bump(key: str) -> None:
    """Give ``key`` a new token (a random one: a rolled-back write never reuses a token)."""
    ContentVersion.objects.update_or_create(key=key, defaults={"token": uuid.uuid4().hex})
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)
