from django.core.management.base import BaseCommand

from outputs.services import outputs_purge


class Command(BaseCommand):
    help = (
        "Delete prepared files nobody will be served again, with their rows: exports whose "
        "link expired, compendia superseded by a newer build or untouched for "
        "HUB_OUTPUT_RETENTION_DAYS, failed and lost builds older than a day. Daily."
    )

    def handle(self, *args, **options) -> None:
        deleted = outputs_purge()
        self.stdout.write(f"{deleted} prepared files deleted")
