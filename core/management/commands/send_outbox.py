from django.core.management.base import BaseCommand

from core.mail import outbox_counts, outbox_deliver_due


class Command(BaseCommand):
    help = (
        "Send the stored e-mails whose time has come (new ones, and retries of those the mail "
        "server could not take). The task workers run it every minute."
    )

    def handle(self, *args, **options) -> None:
        outcomes = outbox_deliver_due()
        counts = outbox_counts()
        self.stdout.write(
            f"sent {outcomes.get('sent', 0)}, to retry {outcomes.get('retry', 0)}, "
            f"failed {outcomes.get('failed', 0)}; waiting {counts['waiting']}, "
            f"failed in all {counts['failed']}, interrupted {counts['interrupted']}"
        )
