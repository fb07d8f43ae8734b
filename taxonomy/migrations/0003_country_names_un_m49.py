"""Countries take the names the UN gives them (M49: "Nauru", "Türkiye", "Republic of Korea")
in every interface language, where they had django-countries' names ("Naoero"). Reloads the
countries only; idempotent like 0002."""

from django.db import migrations


def rename(apps, schema_editor):
    from taxonomy.services import FORMAT, vocabulary_load

    vocabulary_load(data={"format": FORMAT}, registry=apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_load_reference_vocabularies")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop, elidable=False)]
