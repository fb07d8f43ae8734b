from django.core.management.base import BaseCommand
from django.db import transaction

from experts.services import confirmations_check


class Command(BaseCommand):
    help = (
        "Ask experts to confirm profiles unchanged for a year, and take out of the listing those"
        " who did not answer within the grace period. Run once a day."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            reminded, lapsed = confirmations_check()
        self.stdout.write(
            f"{reminded} experts reminded, {lapsed} profiles taken out of the listing"
        )
