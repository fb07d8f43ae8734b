"""Who may see and make what a call produces: the featured page is public once published (the
Hub team sees drafts); the compendium is public for any public call, and a listing's compendium
for everyone (it holds what the public listing shows); the call export, which holds submitters'
names, reviews and the audit trail, is for the Hub team only."""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.permissions import is_curator
from calls.choices import CallStatus
from calls.models import Call
from core.permissions import Policy, Rule, anyone
from core.types import Actor

from .choices import FeaturedStatus
from .models import FeaturedSelection, OutputJob


class OutputAction(StrEnum):
    VIEW_FEATURED = "view_featured"  # everyone once published; the Hub team always
    CURATE = "curate"  # write, schedule and publish featured pages: the Hub team
    COMPENDIUM = "compendium"  # everyone, for a call that is not a draft
    LISTING_COMPENDIUM = "listing_compendium"  # everyone: the public listing's practices
    EXPORT = "export"  # the whole call with submissions and reviews: the Hub team


def _may_view_featured(user: Actor, selection: FeaturedSelection) -> bool:
    if is_curator(user):
        return True
    return (
        selection.status == FeaturedStatus.PUBLISHED and selection.call.status != CallStatus.DRAFT
    )


def _featured_visible(user: Actor, qs: QuerySet) -> QuerySet:
    if is_curator(user):
        return qs
    return qs.filter(status=FeaturedStatus.PUBLISHED).exclude(call__status=CallStatus.DRAFT)


def _may_compile(user: Actor, call: Call) -> bool:
    return call.status != CallStatus.DRAFT or is_curator(user)


def _compilable(user: Actor, qs: QuerySet) -> QuerySet:
    return qs if is_curator(user) else qs.exclude(status=CallStatus.DRAFT)


policy = Policy(
    "outputs",
    OutputAction,
    {
        OutputAction.VIEW_FEATURED: Rule(
            FeaturedSelection, allowed=anyone, on=_may_view_featured, scope=_featured_visible
        ),
        OutputAction.CURATE: Rule(FeaturedSelection, allowed=is_curator),
        OutputAction.COMPENDIUM: Rule(Call, allowed=anyone, on=_may_compile, scope=_compilable),
        OutputAction.LISTING_COMPENDIUM: Rule(OutputJob, allowed=anyone),
        OutputAction.EXPORT: Rule(Call, allowed=is_curator),
    },
)


def get_featured_for(user: Actor, slug: str) -> FeaturedSelection:
    """The call's featured page, or 404 alike when it is missing or not public yet."""
    queryset = FeaturedSelection.objects.select_related("call")
    return policy.get_for(user, OutputAction.VIEW_FEATURED, queryset, call__slug=slug)


def get_call_for(user: Actor, slug: str, action: str) -> Call:
    """The call, or 404 alike when it is missing or ``action`` is not allowed on it."""
    return policy.get_for(user, action, Call.objects.all(), slug=slug)
