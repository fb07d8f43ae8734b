"""The labels in Arabic, Russian and Chinese: the bundled vocabularies with their language
overlays (taxonomy/data/i18n/) and the countries' UN M49 names, loaded into the columns 0004 added.
Idempotent like 0002."""

from django.db import migrations


def load(apps, schema_editor):
    from taxonomy.services import vocabulary_load_file

    vocabulary_load_file(registry=apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0004_six_languages")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
