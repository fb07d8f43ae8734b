"""E-mails of discussion spaces, sent by the task worker, each in its reader's language.

Moderators hear of a contribution waiting for them, or a flag, at once (never held for the
digest: the author is waiting). Followers and mentioned people are told through ``notify``,
which respects their choice of a daily digest.
"""

import re
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from accounts.choices import Role
from accounts.models import User
from core.links import absolute_url
from core.services import notify
from core.tasks import register_tasks

from .models import Contribution, Flag, Follow, Space


def _render(name: str, user: User, context: dict) -> tuple[str, str]:
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        context = {"hub_name": settings.HUB_NAME, "person": user, **context}
        item = context.get("contribution")
        if item is not None:
            context["url"] = absolute_url(item.get_absolute_url())
        subject = render_to_string(f"discussions/email/{name}_subject.txt", context)
        body = render_to_string(f"discussions/email/{name}.txt", context)
    return " ".join(subject.split()), body


def _contribution(pk: int) -> Contribution:
    return Contribution.objects.select_related("question__space", "author", "parent").get(pk=pk)


def space_moderators(space: Space) -> list[User]:
    """The space's own moderators; the holders of the moderator role when it has none."""
    people = list(space.moderators.filter(is_active=True))
    if not people:
        people = list(User.objects.filter(groups__name=Role.MODERATOR, is_active=True))
    return people


@task()
def announce_held(contribution_id: int, flag_id: int | None = None) -> int:
    """Tell the moderators at once of a contribution waiting for them, or of a flag."""
    item = _contribution(contribution_id)
    flag = Flag.objects.filter(pk=flag_id).first() if flag_id else None
    name = "flagged" if flag else "held"
    moderators = space_moderators(item.question.space)
    for person in moderators:
        subject, body = _render(name, person, {"contribution": item, "flag": flag})
        send_mail(subject, body, None, [person.email])
    return len(moderators)


@task()
def announce_outcome(contribution_id: int) -> None:
    """Tell the author whether their waiting contribution was published or declined."""
    item = _contribution(contribution_id)
    subject, body = _render("outcome", item.author, {"contribution": item})
    notify(user=item.author, subject=subject, body=body)


@task()
def announce_contribution(contribution_id: int) -> int:
    """A published contribution: to the people mentioned in it, and to the followers."""
    item = _contribution(contribution_id)
    mentioned = mentioned_people(item)
    for person in mentioned:
        subject, body = _render("mentioned", person, {"contribution": item})
        notify(user=person, subject=subject, body=body)
    told = {item.author_id, *(p.pk for p in mentioned)}
    for person in followers(item):
        if person.pk not in told:
            subject, body = _render("new_contribution", person, {"contribution": item})
            notify(user=person, subject=subject, body=body)
    return len(told) - 1


def followers(item: Contribution) -> Iterable[User]:
    question = item.question
    follows = Follow.objects.filter(space=question.space_id) | Follow.objects.filter(
        question=question
    )
    ids = follows.values_list("user_id", flat=True)
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")


def participants(space: Space) -> list[User]:
    """People one can mention in a space: its moderators, contributors and followers."""
    ids = set(space.moderators.values_list("pk", flat=True))
    ids |= set(
        Contribution.objects.filter(question__space=space).values_list("author_id", flat=True)
    )
    ids |= set(Follow.objects.filter(space=space).values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True))


def mentioned_people(item: Contribution) -> list[User]:
    """Participants whose name follows an @ in the text (``@Amina Diallo``)."""
    text = item.body.casefold()
    found = []
    for person in participants(item.question.space):
        name = re.escape(person.display_name.casefold())
        if person.pk != item.author_id and re.search(rf"@{name}(?!\w)", text):
            found.append(person)
    return found


register_tasks(announce_held, announce_outcome, announce_contribution)
