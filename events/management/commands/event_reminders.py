from django.core.management.base import BaseCommand
from django.utils import timezone

from events.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the reminders due (24 hours and 1 hour before events). Run every 5 minutes."

    def handle(self, *args, **options) -> None:
        count = reminders_send(now=timezone.now())
        self.stdout.write(f"{count} reminders sent")
