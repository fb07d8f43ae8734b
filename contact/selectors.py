"""Reads of the contact service: the team's inbox and the FAQ answers that match a message."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.types import Actor
from search.encoders import get_encoder

from .choices import MessageStatus
from .models import ContactMessage, FaqEntry
from .permissions import ContactAction, policy

FAQ_SHOWN = 3
FAQ_FLOOR = 0.35  # cosine under which an FAQ entry is not shown as an answer

M = MessageStatus


def response_days() -> int:
    return int(getattr(settings, "HUB_CONTACT_RESPONSE_DAYS", 3))


@dataclass(frozen=True)
class InboxFilter:
    status: str = "active"  # active (not closed), overdue, mine, closed, all
    category: str = ""
    q: str = ""


def inbox(user: Actor, chosen: InboxFilter) -> QuerySet[ContactMessage]:
    """The messages the team member sees, filtered, oldest waiting first."""
    messages = policy.instances(user, ContactAction.WORK).select_related("assigned_to", "call")
    if chosen.status == "active":
        messages = messages.exclude(status=M.CLOSED)
    elif chosen.status == "overdue":
        messages = overdue(messages)
    elif chosen.status == "mine":
        messages = messages.exclude(status=M.CLOSED).filter(
            assigned_to_id=getattr(user, "pk", None)
        )
    elif chosen.status == "closed":
        messages = messages.filter(status=M.CLOSED)
    if chosen.category:
        messages = messages.filter(category=chosen.category)
    if chosen.q:
        messages = messages.filter(
            Q(reference__iexact=chosen.q.strip())
            | Q(subject__icontains=chosen.q)
            | Q(body__icontains=chosen.q)
            | Q(email__iexact=chosen.q.strip())
            | Q(name__icontains=chosen.q)
        )
    if chosen.status == "closed":
        return messages.order_by("-closed_at", "-pk")
    return messages.order_by("created_at", "pk")


def overdue(messages: QuerySet[ContactMessage] | None = None) -> QuerySet[ContactMessage]:
    """Messages nobody answered within the response target (HUB_CONTACT_RESPONSE_DAYS)."""
    messages = ContactMessage.objects.all() if messages is None else messages
    limit = timezone.now() - timedelta(days=response_days())
    return messages.filter(first_response_at__isnull=True, created_at__lt=limit).exclude(
        status=M.CLOSED
    )


def inbox_counts(user: Actor) -> dict[str, int]:
    messages = policy.instances(user, ContactAction.WORK)
    return {
        "active": messages.exclude(status=M.CLOSED).count(),
        "overdue": overdue(messages).count(),
        "mine": messages.exclude(status=M.CLOSED)
        .filter(assigned_to_id=getattr(user, "pk", None))
        .count(),
    }


def response_time(message: ContactMessage) -> timedelta | None:
    if message.first_response_at is None:
        return None
    return message.first_response_at - message.created_at


def _faq_text(entry: FaqEntry) -> str:
    return f"{entry.question}\n{entry.answer}"


def faq_matches(text: str, limit: int = FAQ_SHOWN) -> list[FaqEntry]:
    """The published FAQ entries closest in meaning to ``text`` (any language: the encoder is
    multilingual), best first; none when nothing is close enough."""
    entries = list(FaqEntry.objects.filter(is_published=True))
    if not entries or not text.strip():
        return []
    try:
        encoder = get_encoder()
        vectors = encoder.encode([text] + [_faq_text(entry) for entry in entries])
    except Exception:
        return []
    scores: Any = np.asarray(vectors[1:]) @ np.asarray(vectors[0])
    ranked = sorted(zip(scores.tolist(), range(len(entries)), strict=True), reverse=True)
    return [entries[i] for score, i in ranked[:limit] if score >= FAQ_FLOOR]
