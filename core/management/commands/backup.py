from pathlib import Path

from django.core.management.base import BaseCommand

from core.backup import backup_create, default_output_dir


class Command(BaseCommand):
    help = (
        "Write one archive of the whole Hub (database rows, uploaded files, a manifest with row"
        " counts and checksums) and print its path as the last line."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", type=Path, help="Folder for the archive (default var/backups)."
        )

    def handle(self, *args, **options) -> None:
        progress = (
            (lambda line: self.stderr.write(line)) if options["verbosity"] else (lambda line: None)
        )
        path = backup_create(
            output_dir=options["output"] or default_output_dir(), progress=progress
        )
        self.stdout.write(str(path))
