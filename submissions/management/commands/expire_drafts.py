from django.core.management.base import BaseCommand

from submissions.services import drafts_expire


class Command(BaseCommand):
    help = (
        "Warn the owners of drafts untouched for HUB_DRAFT_RETENTION_DAYS minus "
        "HUB_DRAFT_WARNING_DAYS, and delete the drafts still untouched after the warning. Daily."
    )

    def handle(self, *args, **options) -> None:
        warned, deleted = drafts_expire()
        self.stdout.write(f"{warned} draft owners warned, {deleted} drafts deleted")
