from django.core.management.base import BaseCommand
from django.utils import timezone

from calls.choices import CallStatus
from calls.models import Call
from calls.services import call_close_if_due, call_open_if_due


class Command(BaseCommand):
    help = "Open scheduled calls and close open calls whose instants have passed (safety net)."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        for call in Call.objects.filter(status__in=[CallStatus.SCHEDULED, CallStatus.OPEN]):
            if call_open_if_due(call=call, now=now):
                self.stdout.write(f"opened {call.slug}")
            if call_close_if_due(call=call, now=now):
                self.stdout.write(f"closed {call.slug}")
