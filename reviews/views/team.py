"""The Hub team's work: the screening queue, a submission's workspace, assignment and decision."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from submissions.choices import SubmissionStatus
from submissions.models import Submission
from submissions.permissions import SubmissionAction, get_submission_for
from submissions.presenters import present
from submissions.services import SubmissionError

from ..choices import Outcome
from ..forms.workflow import DecisionForm, ScreeningForm
from ..permissions import ReviewAction, policy
from ..selectors.progress import review_progress
from ..selectors.publication import publication_state
from ..selectors.workflow import screening_queue, workspace_context
from ..services.matching_bridge import suggest_for_submission
from ..services.publication import (
    publication_blocker,
    publication_failed_record,
    submission_publish,
)
from ..services.templates import render_template, reviewer_comments_for_submitter
from ..services.workflow import (
    ReviewError,
    assignment_invite,
    decision_record,
    rereview_request,
    screening_decline,
    screening_request_clarification,
    screening_send_to_review,
)


def _curator_submission(request: HttpRequest, uuid: Any) -> Submission:
    """A submitted submission the Hub team handles; 404 alike for missing, draft and forbidden."""
    return get_submission_for(request.user, uuid, SubmissionAction.HANDLE)


@login_required
@require_safe
def screening(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, ReviewAction.SCREEN):
        raise Http404
    status = request.GET.get("status") or None
    if status not in (None, *SubmissionStatus.values):
        status = None
    return render(
        request,
        "reviews/screening.html",
        {
            "submissions": screening_queue(status=status),
            "status": status,
            "statuses": SubmissionStatus.choices,
        },
    )


@login_required
@require_safe
def workspace(request: HttpRequest, uuid: Any) -> HttpResponse:
    submission = _curator_submission(request, uuid)
    context = {
        "submission": submission,
        "sections": present(submission.spec, submission.data),
        "screening_form": ScreeningForm(),
        "decision_form": DecisionForm(),
        **workspace_context(submission),
    }
    return render(request, "reviews/workspace.html", context)


@login_required
@require_POST
def screen(request: HttpRequest, uuid: Any) -> HttpResponse:
    submission = _curator_submission(request, uuid)
    form = ScreeningForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "reviews/workspace.html",
            {
                "submission": submission,
                "sections": present(submission.spec, submission.data),
                "screening_form": form,
                "decision_form": DecisionForm(),
                **workspace_context(submission),
            },
            status=400,
        )
    action, message = form.cleaned_data["action"], form.cleaned_data["message"]
    try:
        if action == "review":
            screening_send_to_review(submission=submission, actor=request.user)
        elif action == "clarify":
            screening_request_clarification(
                submission=submission, actor=request.user, message=message
            )
        else:
            screening_decline(submission=submission, actor=request.user, message=message)
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("reviews:workspace", uuid=submission.uuid)


@login_required
@require_POST
def suggest(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Run the optimal matching for this submission and list the suggested reviewers."""
    submission = _curator_submission(request, uuid)
    suggestions = suggest_for_submission(submission=submission, actor=request.user)
    messages.info(request, _("%(count)d reviewers suggested.") % {"count": len(suggestions)})
    return redirect("reviews:workspace", uuid=submission.uuid)


@login_required
@require_POST
def invite(request: HttpRequest, uuid: Any) -> HttpResponse:
    submission = _curator_submission(request, uuid)
    if request.POST.get("action") == "rereview":
        reopened = rereview_request(submission=submission, actor=request.user)
        messages.success(
            request,
            _("%(count)d reviewers asked to review the new version.") % {"count": len(reopened)},
        )
        return redirect("reviews:workspace", uuid=submission.uuid)
    ids = [int(pk) for pk in request.POST.getlist("assignment") if _is_small_id(pk)]
    for assignment in submission.assignments.filter(pk__in=ids):
        try:
            assignment_invite(assignment=assignment, actor=request.user)
        except ReviewError as error:
            messages.error(request, f"{assignment.reviewer}: {error.message}")
    messages.success(request, _("Invitations sent."))
    return redirect("reviews:workspace", uuid=submission.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Record a decision. Approval is offered once the review rule is met; before that, only
    with the explicit override and a reason. Changes and decline stay available."""
    submission = _curator_submission(request, uuid)
    if not policy.can(request.user, ReviewAction.DECIDE, submission):
        raise Http404
    progress = review_progress(submission)
    blocker = publication_blocker(submission)
    form = DecisionForm(
        request.POST or None,
        initial=_decision_initial(request, submission, ready=progress.met and not blocker),
        progress=progress,
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision_record(submission=submission, actor=request.user, **form.cleaned_data)
        except SubmissionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision recorded and sent to the submitter."))
            return redirect("reviews:workspace", uuid=submission.uuid)
    return render(
        request,
        "reviews/decide.html",
        {
            "submission": submission,
            "form": form,
            "progress": progress,
            "blocker": blocker,
            **workspace_context(submission),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def publish(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Publish an approved submission now: the retry after a failed background publication,
    or when the worker has not got to it yet. Only once the approval's instant has come."""
    submission = _curator_submission(request, uuid)
    if not policy.can(request.user, ReviewAction.DECIDE, submission):
        raise Http404
    state = publication_state(submission)
    if state is None or not state.due:
        messages.error(request, _("This submission is not waiting to be published."))
        return redirect("reviews:workspace", uuid=submission.uuid)
    try:
        submission_publish(submission=submission, actor=request.user)
    except Exception as error:  # recorded and shown: the curator can act on it
        publication_failed_record(submission=submission, error=error)
        messages.error(request, _("Publication failed again. The reason is in the history."))
    else:
        messages.success(request, _("Published in the repository."))
    return redirect("reviews:workspace", uuid=submission.uuid)


def _decision_initial(
    request: HttpRequest, submission: Submission, *, ready: bool
) -> dict[str, Any]:
    outcome = request.GET.get("outcome") or ("approve" if ready else "changes")
    if outcome not in Outcome.values:
        outcome = "changes"
    message = render_template(kind=outcome, submission=submission)
    comments = reviewer_comments_for_submitter(submission)
    return {"outcome": outcome, "message": f"{message}\n\n{comments}".strip()}


def _is_small_id(text: str) -> bool:
    """A primary key as posted: ASCII digits that fit the database (not "²", not 30 digits)."""
    return text.isascii() and text.isdigit() and len(text) <= 18
