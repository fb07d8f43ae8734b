"""Arabic, Russian and Chinese in the lexical index: on PostgreSQL the ``tsv`` column is rebuilt
with the ``russian`` and ``arabic`` configurations (where the server has them); on both databases
the Chinese text already indexed is rewritten as character pairs (search.backends.cjk), as new
documents are. No re-encoding: the vectors do not change."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from search.backends.cjk import CJK_RUN, cjk_bigrams
    from search.backends.schema import rebuild_postgres_tsv

    document = apps.get_model("search", "SearchDocument")
    for row in document.objects.only("id", "title", "body").iterator():
        if CJK_RUN.search(row.title) or CJK_RUN.search(row.body):
            row.title, row.body = cjk_bigrams(row.title), cjk_bigrams(row.body)
            row.save(update_fields=["title", "body"])
    rebuild_postgres_tsv(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_neighbour_lists")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=False)]
