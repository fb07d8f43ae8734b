"""``manage.py move_private_files [--dry-run]``: move CVs and attachments into private storage.

Before the private storage existed, reviewer CVs (``roster/<user id>/<name>``) and the
attachments of submissions (``submissions/<uuid>/<hex>/<name>``) were stored in the default,
public storage under guessable names. This command copies each such file into the private
storage under a random name, keeps the original name for display, points the row at the new
file and deletes the old one. It is idempotent: files already moved are left alone, and rows
whose file cannot be found anywhere are reported, never changed. Run it once after ``migrate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from core.files import private_storage, random_name

RANDOM_NAME = re.compile(r"^[a-z]+/[0-9a-f]{32}(\.[a-z0-9]+)?$")


@dataclass(frozen=True)
class Target:
    model: str  # app_label.ModelName
    field: str  # the FileField
    folder: str  # where random names go in the private storage
    display: str  # the field that keeps the original name


TARGETS = (
    Target("reviews.RosterApplication", "cv", "cvs", "cv_name"),
    Target("submissions.Attachment", "file", "attachments", "name"),
)


class Command(BaseCommand):
    help = "Move CVs and attachments from the public storage into the private storage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only say what would be moved")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = {"moved": 0, "kept": 0, "missing": 0}
        for target in TARGETS:
            model = apps.get_model(target.model)
            for row in model.objects.exclude(**{target.field: ""}).iterator():
                outcome = self._move(row, target, dry_run=options["dry_run"])
                counts[outcome] += 1
        verb = "would move" if options["dry_run"] else "moved"
        self.stdout.write(
            f"{verb} {counts['moved']}, already private {counts['kept']}, "
            f"missing {counts['missing']}"
        )

    def _move(self, row: Any, target: Target, *, dry_run: bool) -> str:
        name = getattr(row, target.field).name
        private, public = private_storage(), storages["default"]
        if RANDOM_NAME.match(name) and private.exists(name):
            return "kept"
        source = public if public.exists(name) else private if private.exists(name) else None
        if source is None:
            self.stderr.write(f"{target.model} {row.pk}: file {name!r} not found")
            return "missing"
        if not dry_run:
            _relocate(row, target, source, name)
        return "moved"


def _relocate(row: Any, target: Target, source: Storage, name: str) -> None:
    """Copy into the private storage, repoint the row, then delete the old file."""
    private = private_storage()
    with source.open(name, "rb") as handle:
        content = handle.read()
    new_name = private.save(random_name(target.folder, name), ContentFile(content))
    with transaction.atomic():
        setattr(row, target.field, new_name)
        if not getattr(row, target.display):
            setattr(row, target.display, PurePosixPath(name).name[:150])
        row.save(update_fields=[target.field, target.display])
    source.delete(name)
