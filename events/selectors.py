"""Reads about events: the listing and its facets, registrants and their numbers, the signed
cancellation links, and suggestions from the search index."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.core import signing
from django.db.models import Count, QuerySet
from django.urls import reverse

from core.links import absolute_url
from core.types import Actor
from experts.models import ExpertProfile
from repository.models import Practice
from search.selectors import match
from taxonomy.models import Language

from .choices import ACTIVE, Audience, EventFormat
from .choices import RegistrationStatus as R
from .models import Event, EventQuerySet, Registration
from .permissions import EventAction, policy

CANCEL_SALT = "events.registration.cancel"
SUGGESTIONS = 5


@dataclass(frozen=True)
class Facets:
    """The listing's filters, from the query string (unknown values are ignored)."""

    objective: int | None = None
    format: str = ""
    language: str = ""
    audience: str = ""

    @classmethod
    def parse(cls, params: Any) -> "Facets":
        objective = params.get("objective", "")
        fmt, audience = params.get("format", ""), params.get("audience", "")
        return cls(
            objective=int(objective) if objective.isdigit() else None,
            format=fmt if fmt in EventFormat.values else "",
            language=params.get("language", "")[:3],
            audience=audience if audience in Audience.values else "",
        )

    def apply(self, events: QuerySet[Event]) -> QuerySet[Event]:
        if self.objective is not None:
            events = events.filter(objectives__number=self.objective)
        if self.format:
            events = events.filter(format=self.format)
        if self.language:
            events = events.filter(interpretation_languages__code=self.language)
        if self.audience:
            events = events.filter(audience=self.audience)
        return events.distinct()


def event_list(*, user: Actor, facets: Facets, now: datetime) -> tuple[list[Event], list[Event]]:
    """Upcoming events (soonest first) and past ones (latest first) the user may read."""
    visible = cast(EventQuerySet, policy.instances(user, EventAction.VIEW)).public()
    visible = cast(EventQuerySet, facets.apply(visible)).prefetch_related(
        "interpretation_languages", "objectives"
    )
    return list(visible.upcoming(now)), list(visible.past(now)[:50])


def calendar_events() -> QuerySet[Event]:
    """What the subscription calendar holds: every public event."""
    return Event.objects.public().order_by("starts_at", "pk")


def registration_of(*, event: Event, user: Actor) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    """The person's registration that still counts (a declined one too: it is not re-opened)."""
    shown = event.registrations.filter(user=user, status__in=(*ACTIVE, R.DECLINED))  # type: ignore[misc]
    return shown.order_by("-created_at").first()


def registrants(*, event: Event) -> list[Registration]:
    """Everyone who registered, each with ``language_name``: the language they follow in."""
    names = {language.code: language.name for language in Language.objects.all()}
    people = event.registrations.select_related("user__organisation", "user__organisation_type")
    found = list(people.order_by("status", "created_at", "pk"))
    for registration in found:
        registration.language_name = names.get(registration.language, "")  # type: ignore[attr-defined]
    return found


def seats(event: Event) -> dict[str, int | None]:
    counts = Counter(event.registrations.values_list("status", flat=True))
    left = None if event.capacity is None else max(event.capacity - counts[R.CONFIRMED], 0)
    return {"confirmed": counts[R.CONFIRMED], "waiting": counts[R.WAITLISTED], "left": left}


def numbers(*, event: Event) -> dict[str, list[tuple[str, int]]]:
    """Confirmed registrants by country, type of organisation and language."""
    people = [r for r in registrants(event=event) if r.status == R.CONFIRMED]
    by = {
        "country": Counter(str(r.user.country.name) if r.user.country else "" for r in people),
        "organisation_type": Counter(
            str(r.user.organisation_type) if r.user.organisation_type else "" for r in people
        ),
        "language": Counter(r.language_name or "" for r in people),  # type: ignore[attr-defined]
    }
    return {
        key: sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])) for key, counter in by.items()
    }


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def cancel_url(registration: Registration) -> str:
    token = cancel_token(registration)
    path = reverse("events:cancel", kwargs={"slug": registration.event.slug, "token": token})
    return absolute_url(path)


def registration_for_token(*, event: Event, token: str) -> Registration | None:
    """The registration a signed cancellation link names, or None when the link is forged."""
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return event.registrations.filter(pk=pk).select_related("user").first()


def suggestions(*, event: Event) -> dict[str, list[Any]]:
    """Published practices and listed experts close to the event's subject, from the index."""
    linked = set(event.practices.values_list("pk", flat=True))
    practice_ids = [pk for pk in match(event.text(), model=Practice).ranked() if pk not in linked]
    practices = Practice.objects.published().in_bulk(practice_ids[: SUGGESTIONS * 2])
    expert_ids = match(event.text(), model=ExpertProfile).ranked()[: SUGGESTIONS * 2]
    experts = ExpertProfile.objects.listed().in_bulk(expert_ids)
    return {
        "practices": [practices[pk] for pk in practice_ids if pk in practices][:SUGGESTIONS],
        "experts": [experts[pk] for pk in expert_ids if pk in experts][:SUGGESTIONS],
    }


def registrations_by_objective() -> dict[int, int]:
    """Active registrations (pending, confirmed, waiting list) per GCM objective (by number) of
    their event: counts only, for the insights page's supply-and-demand table."""
    rows = (
        Registration.objects.filter(status__in=ACTIVE, event__objectives__isnull=False)
        .values_list("event__objectives__number")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )
    return dict(rows)


def events_spoken_at(profile: ExpertProfile, user: Actor) -> list[tuple[str, str]]:
    """(title, URL) of the events ``profile`` speaks at that ``user`` may see, newest first,
    for the expert's profile (core/related.py)."""
    spoken = policy.instances(user, EventAction.VIEW, Event.objects.filter(speakers=profile))
    return [(e.title, e.get_absolute_url()) for e in spoken.order_by("-starts_at", "-pk")[:20]]


def listed_speakers(event: Event) -> list[ExpertProfile]:
    """The event's speakers whose profile is in the directory (others are not named)."""
    return list(ExpertProfile.objects.listed().filter(events_spoken_at=event).order_by("name"))
