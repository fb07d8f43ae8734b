"""Writes on the roster: applying to review, and the Hub team's decision on an application."""

from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.choices import Role
from accounts.services import user_grant_role
from core.choices import AuditVerb
from core.links import absolute_url
from core.services import audit_record
from core.types import Actor
from core.workflow import transition

from ..choices import ApplicationStatus
from ..errors import RosterDecisionError
from ..models import ReviewerProfile, RosterApplication
from ..permissions import ReviewAction, policy

__all__ = ["RosterDecisionError"]  # re-exported for the views

EXPERTISE_FIELDS = (
    "years_experience",
    "is_un",
    "organisation",
    "publications",
    "conflicts",
    "reviews_per_year",
    "gender",
)
EXPERTISE_M2M = ("objectives", "themes", "reading_languages", "regions", "countries")
APPLICATION_FIELDS = (*EXPERTISE_FIELDS, "motivation")


def _language_of(user: Any) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = getattr(user, "language", "") or ""
    return language if language in codes else settings.LANGUAGE_CODE


@transaction.atomic
def roster_apply(*, user: Any, data: dict[str, Any], cv: File | None = None) -> RosterApplication:
    """Record an application to the roster and tell the Hub team.

    ``data`` holds the expertise fields and their many-to-many values. Raises ValidationError
    when the person already has an application waiting for a decision.
    """
    policy.require(user, ReviewAction.APPLY)
    application = RosterApplication(user=user, status=ApplicationStatus.PENDING)
    for name in APPLICATION_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    if cv is not None:
        application.cv_name = (cv.name or "cv")[:150]  # shown to the Hub team; stored at random
        application.cv.save(application.cv_name, cv, save=False)
    application.full_clean(exclude=list(EXPERTISE_M2M))
    application.save()
    for name in EXPERTISE_M2M:
        getattr(application, name).set(data.get(name) or [])
    audit_record(
        actor=user, target=application, verb=AuditVerb.ROSTER_APPLIED, to_status=application.status
    )
    transaction.on_commit(lambda: _mail_staff_new_application(application))
    return application


def _mail_staff_new_application(application: RosterApplication) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        url = absolute_url(reverse("reviews:application_detail", kwargs={"pk": application.pk}))
        subject = gettext("New application to the peer review roster: %(name)s") % {
            "name": application.user.display_name
        }
        body = gettext(
            "%(name)s (%(organisation)s) applied to join the peer review roster.\n\n"
            "Read the application and decide: %(url)s"
        ) % {
            "name": application.user.display_name,
            "organisation": application.organisation,
            "url": url,
        }
    send_mail(subject, body, None, [settings.HUB_STAFF_INBOX])


def default_decision_message(*, application: RosterApplication, approve: bool) -> str:
    """The editable message a curator starts from, in the applicant's language."""
    user = application.user
    with translation.override(_language_of(user)):
        if approve:
            text = gettext(
                "Dear %(name)s,\n\n"
                "Thank you for applying to the peer review roster. We are glad to tell you that "
                "your application has been approved: you are now a reviewer of the Hub.\n\n"
                "We will invite you to review practices and resources that match your expertise "
                "and languages, about two rounds a year. You can accept or decline each "
                "invitation, and you declare any conflict of interest before you review.\n\n"
                "With our thanks,\nThe Hub team"
            )
        else:
            text = gettext(
                "Dear %(name)s,\n\n"
                "Thank you for applying to the peer review roster. After careful consideration, "
                "we are not able to add you to the roster at this time.\n\n"
                "Applications are welcome at any time, and you are welcome to apply again "
                "later.\n\n"
                "With our thanks,\nThe Hub team"
            )
        return text % {"name": user.display_name}


@transaction.atomic
def roster_decide(
    *, application: RosterApplication, actor: Actor, approve: bool, message: str
) -> RosterApplication:
    """Approve or decline a pending application; approval makes the person a reviewer.
    Raises RosterDecisionError when the application has already been decided."""
    policy.require(actor, ReviewAction.MANAGE_ROSTER, application)
    message = message.strip()
    changes = {"decided_by": actor, "decided_at": timezone.now(), "decision_message": message}
    to = ApplicationStatus.APPROVED if approve else ApplicationStatus.DECLINED
    application = transition(application, to, actor=actor, note=message, changes=changes)
    if approve:
        reviewer_profile_from_application(application=application)
        user_grant_role(user=application.user, role=Role.REVIEWER, actor=actor)
    transaction.on_commit(lambda: _mail_applicant_decision(application))
    return application


def reviewer_profile_from_application(*, application: RosterApplication) -> ReviewerProfile:
    """Create or update the applicant's reviewer profile with every expertise field."""
    defaults: dict[str, Any] = {name: getattr(application, name) for name in EXPERTISE_FIELDS}
    defaults["is_active"] = True
    profile, _created = ReviewerProfile.objects.update_or_create(
        user=application.user, defaults=defaults
    )
    profile.full_clean(exclude=list(EXPERTISE_M2M))
    for name in EXPERTISE_M2M:
        getattr(profile, name).set(getattr(application, name).all())
    return profile


def _mail_applicant_decision(application: RosterApplication) -> None:
    user = application.user
    with translation.override(_language_of(user)):
        if application.status == ApplicationStatus.APPROVED:
            subject = gettext("You have joined the peer review roster")
        else:
            subject = gettext("Your application to the peer review roster")
    send_mail(subject, application.decision_message, None, [user.email])
