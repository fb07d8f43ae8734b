from django.core.management.base import BaseCommand
from django.utils import timezone

from core.services import digests_send


class Command(BaseCommand):
    help = "Send the daily digest e-mail to everyone who chose one. Run once a day."

    def handle(self, *args, **options) -> None:
        count = digests_send(now=timezone.now())
        self.stdout.write(f"{count} digests sent")
