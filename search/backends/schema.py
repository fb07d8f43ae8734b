"""The parts of the index the ORM does not manage, per database vendor.

Everything here is idempotent: migration 0002 runs it, and ``reindex`` runs it again so that a
table rebuilt by a later migration (SQLite drops triggers then) or a pgvector extension installed
after the first migration is picked up.
"""

# ruff: noqa: S608 - the SQL below is built from module constants only
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

TABLE = "search_searchdocument"
FTS_TABLE = "search_fts"
VECTOR_DIMENSION = 512

SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        title, body, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body); END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

# Document language -> text search configuration; anything else uses 'simple', and so does a
# language whose configuration the server lacks (``arabic`` came with PostgreSQL 12).
PG_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
}


def pg_configs(cursor: Any) -> dict[str, str]:
    """The entries of :data:`PG_CONFIGS` this server has."""
    cursor.execute("SELECT cfgname FROM pg_ts_config")
    present = {row[0] for row in cursor.fetchall()}
    return {code: name for code, name in PG_CONFIGS.items() if name in present}


def postgres_create(configs: dict[str, str]) -> list[str]:
    case = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in configs.items())
    return [
        f"""CREATE OR REPLACE FUNCTION search_ts_config(lang text) RETURNS regconfig
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT (CASE lang {case} ELSE 'simple' END)::regconfig $$""",
        f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(search_ts_config(language), title), 'A')
        || setweight(to_tsvector(search_ts_config(language), body), 'B')
        || setweight(to_tsvector('simple'::regconfig, title), 'C')
        || setweight(to_tsvector('simple'::regconfig, body), 'D')) STORED""",
        f"CREATE INDEX IF NOT EXISTS search_doc_tsv_idx ON {TABLE} USING gin (tsv)",
    ]


POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_doc_tsv_idx",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS tsv",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS embedding",
    "DROP FUNCTION IF EXISTS search_ts_config(text)",
]
VECTOR_INDEX = "search_doc_embedding_idx"
CREATE_VECTOR_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {VECTOR_INDEX} ON {TABLE} USING hnsw (embedding vector_ip_ops)"
)
PGVECTOR_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS vector",
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS embedding vector({VECTOR_DIMENSION})",
    CREATE_VECTOR_INDEX,
]
SUSPEND_ABOVE = 1000  # vectors written at once above which the HNSW index is built afresh


def _run(cursor: Any, statements: list[str]) -> None:
    for statement in statements:
        cursor.execute(statement)


def try_pgvector(connection: Any) -> bool:
    """Create the extension and the ``embedding`` column if possible; never raise."""
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            _run(cursor, PGVECTOR_CREATE)
    except DatabaseError as exc:
        logger.info("pgvector unavailable, vectors stay in numpy: %s", exc)
        return False
    return True


def _pg_has_column(cursor: Any, column: str) -> bool:
    cursor.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        [TABLE, column],
    )
    return cursor.fetchone() is not None


def _pg_has_index(cursor: Any, name: str) -> bool:
    cursor.execute(
        "SELECT 1 FROM pg_indexes WHERE tablename = %s AND indexname = %s", [TABLE, name]
    )
    return cursor.fetchone() is not None


def _pg_vector_installable(cursor: Any) -> bool:
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
    return cursor.fetchone() is not None


def ensure_schema(connection: Any) -> None:
    """Create the vendor's full-text index (and pgvector column) if missing.

    On PostgreSQL the DDL runs only when something is missing: ``ALTER TABLE`` is refused inside
    a transaction that has pending deferred-constraint events (as in a test case).
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            _run(cursor, SQLITE_CREATE)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if not _pg_has_column(cursor, "tsv"):
                _run(cursor, postgres_create(pg_configs(cursor)))
            has_embedding = _pg_has_column(cursor, "embedding")
            wanted = not has_embedding and _pg_vector_installable(cursor)
            if has_embedding and not _pg_has_index(cursor, VECTOR_INDEX):
                cursor.execute(CREATE_VECTOR_INDEX)  # a rebuild interrupted before re-creating it
        if wanted:
            try_pgvector(connection)


@contextmanager
def vector_index_suspended(connection: Any, *, rows: int) -> Iterator[None]:
    """Without the HNSW index while the block writes ``rows`` vectors (when more than
    ``SUSPEND_ABOVE``), and with it again after, also when the block fails: building it once is
    far faster than updating it per row. Searches meanwhile scan the vectors."""
    active = rows > SUSPEND_ABOVE and _has_embedding(connection)
    if active:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {VECTOR_INDEX}")
    try:
        yield
    finally:
        if active:
            with connection.cursor() as cursor:
                cursor.execute(CREATE_VECTOR_INDEX)


def _has_embedding(connection: Any) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        return _pg_has_column(cursor, "embedding")


def rebuild_postgres_tsv(connection: Any) -> None:
    """Recompute the ``tsv`` column with the configurations of :data:`PG_CONFIGS` (a generated
    column keeps the function it was built with)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        _run(cursor, POSTGRES_DROP[:2])
        _run(cursor, postgres_create(pg_configs(cursor)))


def drop_schema(connection: Any) -> None:
    """Undo :func:`ensure_schema` (migration rollback)."""
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        _run(cursor, statements)
