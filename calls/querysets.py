from django.db import models
from django.db.models import Case, IntegerField, Value, When

from .choices import CallStatus


class CallQuerySet(models.QuerySet):
    def public(self) -> "CallQuerySet":
        """Calls anyone may read: everything but drafts."""
        return self.exclude(status=CallStatus.DRAFT)

    def open(self) -> "CallQuerySet":
        return self.filter(status=CallStatus.OPEN)

    def in_listing_order(self) -> "CallQuerySet":
        """Open calls first (soonest deadline first), then upcoming, then past (latest first)."""
        group = Case(
            When(status=CallStatus.OPEN, then=Value(0)),
            When(status=CallStatus.SCHEDULED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return self.annotate(listing_group=group).order_by("listing_group", "deadline")
