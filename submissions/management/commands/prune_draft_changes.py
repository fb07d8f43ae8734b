from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count

from submissions.models import Submission
from submissions.services import draft_changes_prune


class Command(BaseCommand):
    help = (
        "Keep only the latest HUB_DRAFT_CHANGES_KEPT saved changes of every draft. Saving a "
        "draft already does this; run it once to trim histories saved before."
    )

    def handle(self, *args, **options) -> None:
        keep = settings.HUB_DRAFT_CHANGES_KEPT
        crowded = Submission.objects.annotate(n=Count("changes")).filter(n__gt=keep)
        deleted = sum(draft_changes_prune(submission=s) for s in crowded.iterator())
        self.stdout.write(f"{deleted} saved changes deleted")
