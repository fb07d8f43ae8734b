"""The full-text index beside the document table, created only where the vendor supports it.

SQLite: an FTS5 table (unicode61, diacritics removed) kept in sync by triggers.
PostgreSQL: a generated tsvector column (per-language configuration plus 'simple') with a GIN
index, and pgvector's ``embedding`` column when the extension can be created. Other vendors: none.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from search.backends.schema import ensure_schema

    ensure_schema(schema_editor.connection)


def backwards(apps, schema_editor):
    from search.backends.schema import drop_schema

    drop_schema(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
