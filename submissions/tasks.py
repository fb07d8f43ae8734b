"""Background work of submissions: e-mails in the recipient's language."""

from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from core.links import absolute_url
from core.mail import mail_once
from core.tasks import register_tasks

from .models import Invitation, Submission, SubmissionVersion
from .presenters import present


def render_copy_pdf(submission: Submission, version: SubmissionVersion) -> bytes:
    """A PDF of what was submitted, generated with weasyprint."""
    from weasyprint import HTML  # heavy (fonts, Pango): loaded when a PDF is asked for

    html = render_to_string(
        "submissions/pdf/copy.html",
        {
            "submission": submission,
            "version": version,
            "sections": present(submission.spec, version.data),
        },
    )
    return HTML(string=html).write_pdf()


@task()
def send_submission_receipt(submission_id: int, version_number: int) -> None:
    """Tell the owner we received it: reference number, and a PDF copy attached."""
    submission = Submission.objects.select_related("owner", "call").get(pk=submission_id)
    version = submission.versions.get(number=version_number)
    owner = submission.owner
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        context = {
            "submission": submission,
            "user": owner,
            "url": absolute_url(reverse("submissions:detail", kwargs={"uuid": submission.uuid})),
        }
        subject = render_to_string("submissions/email/receipt_subject.txt", context).strip()
        body = render_to_string("submissions/email/receipt.txt", context)
        pdf = render_copy_pdf(submission, version)
    message = EmailMultiAlternatives(subject, body, to=[owner.email])
    message.attach(f"{submission.reference}.pdf", pdf, "application/pdf")
    mail_once(key=f"submissions.receipt:{submission_id}:{version_number}", message=message)


@task()
def send_invitation(invitation_id: int) -> None:
    """Invite a colleague to co-edit a draft, in the inviter's language."""
    invitation = Invitation.objects.select_related("submission", "invited_by").get(pk=invitation_id)
    inviter = invitation.invited_by
    with translation.override(inviter.language or settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "inviter": inviter,
            "url": absolute_url(
                reverse("submissions:accept_invitation", kwargs={"token": invitation.token})
            ),
        }
        subject = render_to_string("submissions/email/invitation_subject.txt", context).strip()
        body = render_to_string("submissions/email/invitation.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[invitation.email])
    mail_once(key=f"submissions.invitation:{invitation_id}", message=message)


@task()
def send_draft_expiry_warning(submission_id: int, delete_on: str) -> None:
    """Tell the owner an untouched draft will be deleted on ``delete_on`` unless they open it."""
    draft = Submission.objects.select_related("owner").filter(pk=submission_id).first()
    if draft is None or not draft.owner.is_active:
        return
    owner = draft.owner
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        context = {
            "draft": draft,
            "user": owner,
            "delete_on": date.fromisoformat(delete_on),
            "url": absolute_url(reverse("submissions:detail", kwargs={"uuid": draft.uuid})),
        }
        subject = render_to_string("submissions/email/draft_expiry_subject.txt", context).strip()
        body = render_to_string("submissions/email/draft_expiry.txt", context)
    EmailMultiAlternatives(subject, body, to=[owner.email]).send()


register_tasks(send_submission_receipt, send_invitation, send_draft_expiry_warning)
