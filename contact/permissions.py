"""Who may do what with contact messages: one policy, used by views, templates and services.

Anyone may write to the Hub team; the team (curators and administrators) works the inbox.
"""

from enum import StrEnum

from accounts.permissions import is_curator
from core.permissions import Policy, Rule, anyone
from core.types import Actor

from .models import ContactMessage


class ContactAction(StrEnum):
    SEND = "send"
    WORK = "work"  # see the inbox and a message, take it, answer it, close or reopen it


policy = Policy(
    "contact",
    ContactAction,
    {
        ContactAction.SEND: Rule(ContactMessage, allowed=anyone),
        ContactAction.WORK: Rule(ContactMessage, allowed=is_curator),
    },
)


def get_message_for(
    user: Actor, reference: str, action: str = ContactAction.WORK
) -> ContactMessage:
    """The message with this reference if ``user`` may work on it; 404 otherwise (whether or not
    it exists)."""
    return policy.get_for(user, action, reference=reference)
