from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into this database and file store. Refuses a"
        " database that holds content unless --force is given (everything in it is replaced)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="Replace a database that is not empty."
        )

    def handle(self, *args, **options) -> None:
        progress = (
            (lambda line: self.stderr.write(line)) if options["verbosity"] else (lambda line: None)
        )
        try:
            report = backup_restore(
                path=options["archive"], force=options["force"], progress=progress
            )
        except BackupError as error:
            raise CommandError(error.message) from error
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {options['archive']}") from error
        self.stdout.write(
            f"Restored {report.rows} rows in {report.models} tables and {report.files} files."
        )
