from django.core.management.base import BaseCommand

from reviews.tasks import review_reminders


class Command(BaseCommand):
    help = "Remind reviewers of due reviews and replace invitations left unanswered. Run daily."

    def handle(self, *args, **options) -> None:
        count = review_reminders.call()
        self.stdout.write(f"{count} reminders sent or invitations replaced")
