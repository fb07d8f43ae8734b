"""My submissions, the status page of one submission, exports and withdrawal."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ..docx import build_template
from ..forms import ImportWordForm, InvitationForm, WithdrawForm
from ..models import SubmissionVersion
from ..permissions import SubmissionAction, get_submission_for, policy
from ..presenters import present
from ..selectors import active_attachments, my_submissions, status_timeline, submission_messages
from ..services import SubmissionError, deadline_for, submission_withdraw
from ..tasks import render_copy_pdf


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request, "submissions/mine.html", {"submissions": my_submissions(user=request.user)}
    )


@login_required
@require_safe
def detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    submission = get_submission_for(request.user, uuid)
    context = {
        "submission": submission,
        "timeline": status_timeline(submission),
        "messages_list": submission_messages(submission),
        "sections": present(submission.spec, submission.data),
        "attachments": active_attachments(submission),
        "versions": submission.versions.all(),
        "can_edit": policy.can(request.user, SubmissionAction.EDIT, submission),
        "can_withdraw": policy.can(request.user, SubmissionAction.WITHDRAW, submission),
        "deadline": deadline_for(submission.call, submission.owner),
        "invite_form": InvitationForm(),
        "import_form": ImportWordForm(),
        "invitations": submission.invitations.all(),
        "co_submitters": submission.co_submitters.all(),
    }
    return render(request, "submissions/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, uuid: Any) -> HttpResponse:
    submission = get_submission_for(request.user, uuid, SubmissionAction.WITHDRAW)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission_withdraw(
                submission=submission, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except SubmissionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Your submission has been withdrawn. It stays in your list.")
            )
        return redirect(submission)
    return render(request, "submissions/withdraw.html", {"submission": submission, "form": form})


@login_required
@require_safe
def export_docx(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The draft as a filled Word template: readable and exportable even after the deadline."""
    submission = get_submission_for(request.user, uuid)
    content = build_template(
        submission.spec,
        language=request.LANGUAGE_CODE,
        data=submission.data,
        title=submission.call.title if submission.call else None,
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{submission.reference or "draft"}.docx"'
    )
    return response


@login_required
@require_safe
def export_pdf(request: HttpRequest, uuid: Any) -> HttpResponse:
    """A PDF copy of the latest submitted version (or of the draft when never submitted)."""
    submission = get_submission_for(request.user, uuid)
    version = submission.versions.order_by("-number").first() or SubmissionVersion(
        submission=submission, number=0, data=submission.data
    )
    response = HttpResponse(render_copy_pdf(submission, version), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{submission.reference or "draft"}.pdf"'
    )
    return response
