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
_READ_ALL = f'SELECT "key", token FROM {ContentVersion._meta.db_table}'  # noqa: S608
_LOADED = "\0all"  # marks a memo filled with every token at once


_memo: ContextVar[dict[str, str] | None] = ContextVar("content_versions", default=None)


@contextmanager
def remembered() -> Iterator[None]:
    """Within the block (one request: ``core.middleware.ContentVersionsMiddleware``) the tokens
    are read from the database once, all together (a page needs two or three and there are a
    handful); a ``bump`` in the block records the new token."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def current(key: str) -> str:
    """The token of ``key`` ("" until the first write). Plain SQL: pages read several tokens
    per request, and building the ORM query cost more than running it."""
    memo = _memo.get()
    if memo is None:
        with connection.cursor() as cursor:
            cursor.execute(_READ, [key])
            row = cursor.fetchone()
        return row[0] if row else ""
    if _LOADED not in memo:
        with connection.cursor() as cursor:
            cursor.execute(_READ_ALL)
            memo.update(cursor.fetchall())
        memo[_LOADED] = ""
    return memo.get(key, "")  # absent: never written (a bump in the block records its own)


def bump(key: str) -> None:
    """Give ``key`` a new token (a random one: a rolled-back write never reuses a token)."""
    token = uuid.uuid4().hex
    ContentVersion.objects.update_or_create(key=key, defaults={"token": token})
    memo = _memo.get()
    if memo is not None:
        memo[key] = token


def fingerprint() -> str:
    """Every token at once, as one string: changes whenever any content version changes."""
    memo = _memo.get()
    if memo is None:
        with connection.cursor() as cursor:
            cursor.execute(_READ_ALL)
            rows = cursor.fetchall()
    else:
        current("")  # fills the memo with every token
        rows = [(k, v) for k, v in memo.items() if k != _LOADED]
    return ";".join(f"{key}={token}" for key, token in sorted(rows))
