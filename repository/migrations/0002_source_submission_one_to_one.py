"""The link from a published item to its submission becomes a one-to-one relation.

It was a plain integer column (``source_submission_id``), without index, uniqueness or foreign
key. The column keeps its name and its values: links to a submission that no longer exists are
cleared, and when several items name the same submission only the oldest keeps the link (the
others were duplicates of one publication), so that the foreign key and the unique index can be
created.
"""

import django.db.models.deletion
from django.db import migrations, models


def _clear_broken_links(apps, schema_editor):
    Submission = apps.get_model("submissions", "Submission")
    for name in ("Practice", "Resource"):
        model = apps.get_model("repository", name)
        linked = model.objects.exclude(source_submission__isnull=True)
        existing = set(
            Submission.objects.filter(
                pk__in=linked.values_list("source_submission", flat=True)
            ).values_list("pk", flat=True)
        )
        seen: set[int] = set()
        for pk, submission_id in linked.order_by("pk").values_list("pk", "source_submission"):
            if submission_id not in existing or submission_id in seen:
                model.objects.filter(pk=pk).update(source_submission=None)
            seen.add(submission_id)


FIELD = models.OneToOneField(
    blank=True,
    null=True,
    on_delete=django.db.models.deletion.PROTECT,
    related_name="published_%(class)s",
    to="submissions.submission",
    verbose_name="source submission",
)


class Migration(migrations.Migration):
    dependencies = [
        ("repository", "0001_initial"),
        ("submissions", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("practice", "source_submission_id", "source_submission"),
        migrations.RenameField("resource", "source_submission_id", "source_submission"),
        migrations.RunPython(_clear_broken_links, migrations.RunPython.noop, elidable=True),
        migrations.AlterField("practice", "source_submission", FIELD),
        migrations.AlterField("resource", "source_submission", FIELD.clone()),
    ]
