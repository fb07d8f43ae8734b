"""Co-submitters: invite colleagues by e-mail; they accept with the link they receive."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from ..forms import InvitationForm
from ..models import Invitation
from ..permissions import SubmissionAction, get_submission_for, policy
from ..services import SubmissionError, invitation_accept, invitation_send


@login_required
@require_POST
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def invite(request: HttpRequest, uuid: Any) -> HttpResponse:
    submission = get_submission_for(request.user, uuid, SubmissionAction.EDIT)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation_send(
                submission=submission, actor=request.user, email=form.cleaned_data["email"]
            )
        except SubmissionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect(submission)


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: Any) -> HttpResponse:
    """Only the invited person sees whose draft it is; anyone else, and everyone once the link
    has expired, gets the same neutral page with a 404 status."""
    invitation = (
        Invitation.objects.select_related("submission", "invited_by").filter(token=token).first()
    )
    if invitation is None or not policy.can(
        request.user, SubmissionAction.ACCEPT_INVITATION, invitation
    ):
        return render(request, "submissions/invitation_unusable.html", status=404)
    if request.method == "POST":
        try:
            submission = invitation_accept(invitation=invitation, user=request.user)
        except SubmissionError:
            return render(request, "submissions/invitation_unusable.html", status=404)
        messages.success(request, _("You can now edit this draft."))
        return redirect(submission)
    return render(request, "submissions/accept_invitation.html", {"invitation": invitation})
