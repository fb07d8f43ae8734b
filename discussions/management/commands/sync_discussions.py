from django.core.management.base import BaseCommand
from django.utils import timezone

from discussions.schedule import spaces_sync


class Command(BaseCommand):
    help = "Open and close discussion spaces whose instants have passed (safety net)."

    def handle(self, *args, **options) -> None:
        changed = spaces_sync(now=timezone.now())
        self.stdout.write(f"{changed} space(s) opened or closed")
