"""The bundled vocabularies (taxonomy/data/gcm.json) arrive with the schema: a database is a
working Hub right after ``migrate``. Idempotent: rows already there (an older database that ran
``load_vocabulary``) are left as they are or updated in place; nothing is duplicated."""

from django.db import migrations


def load(apps, schema_editor):
    from taxonomy.services import vocabulary_load_file

    vocabulary_load_file(registry=apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
