"""The focal point role is a group the Hub team gives in the admin: it exists from the start."""

from django.db import migrations

ROLE = "focal_point"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_requests_notes_activities_interest"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
