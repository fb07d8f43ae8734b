"""Reviewers: their invitations, answering them, and the review form."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from submissions.presenters import present

from ..choices import AssignmentStatus as A
from ..forms.workflow import RespondForm, ReviewForm
from ..permissions import get_assignment_for
from ..selectors.workflow import other_reviews_visible, reviewer_assignments, version_diff
from ..services.workflow import ReviewError, assignment_respond, review_submit


@login_required
@require_safe
def my_reviews(request: HttpRequest) -> HttpResponse:
    return render(
        request, "reviews/my_reviews.html", {"assignments": reviewer_assignments(user=request.user)}
    )


IDENTITY_FIELDS = frozenset(
    {
        "implementer",
        "partners",
        "focal_point_name",
        "focal_point_email",
        "focal_point_organisation",
        "links",
    }
)


def _hidden_fields(assignment) -> frozenset[str]:
    """What a reviewer must not see: identities when the call asks for blind review."""
    call = assignment.submission.call
    return IDENTITY_FIELDS if (call.blind_review if call else True) else frozenset()


def _blind_sections(assignment) -> list[dict[str, Any]]:
    """The submission as a reviewer sees it: public fields only, and with blind review on,
    nothing that names the submitters or their organisations."""
    submission = assignment.submission
    version = submission.versions.filter(number=assignment.version).first()
    data = dict(version.data if version else submission.data)
    for name in _hidden_fields(assignment):
        data.pop(name, None)
    return present(submission.spec, data, public_only=True)


def _diff_for(assignment) -> list[dict[str, Any]]:
    """What changed since the version this reviewer last reviewed."""
    last = assignment.reviews.filter(version__lt=assignment.version).order_by("-version").first()
    if last is None:
        return []
    return version_diff(
        assignment.submission, last.version, assignment.version, hidden=_hidden_fields(assignment)
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, decline or declare a conflict."""
    item = get_assignment_for(request.user, pk)
    form = RespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = assignment_respond(assignment=item, actor=request.user, **form.cleaned_data)
        except ReviewError as error:
            messages.error(request, error.message)
        else:
            if item.status == A.ACCEPTED:
                messages.success(
                    request, _("Thank you for accepting. You can start your review now.")
                )
                return redirect("reviews:review", pk=item.pk)
            messages.success(request, _("Thank you for letting us know."))
            return redirect("reviews:my_reviews")
    return render(
        request,
        "reviews/assignment.html",
        {"assignment": item, "form": form, "sections": _blind_sections(item)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_assignment_for(request.user, pk)
    if item.status not in (A.ACCEPTED, A.SUBMITTED):
        return redirect("reviews:assignment", pk=item.pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and item.status == A.ACCEPTED and form.is_valid():
        try:
            review_submit(
                assignment=item,
                actor=request.user,
                scores=form.scores(),
                comments=form.comments(),
                comments_to_team=form.cleaned_data["comments_to_team"],
                comments_to_submitter=form.cleaned_data["comments_to_submitter"],
                recommendation=form.cleaned_data["recommendation"],
            )
        except ReviewError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your review has been sent. Thank you."))
            return redirect("reviews:review", pk=item.pk)
    context = {
        "assignment": item,
        "form": form,
        "sections": _blind_sections(item),
        "diff": _diff_for(item) if item.version > 1 else [],
        "other_reviews": other_reviews_visible(item),
        "my_review": item.reviews.filter(version=item.version).first(),
        "attachments": item.submission.attachments.filter(removed_at__isnull=True),
    }
    return render(request, "reviews/review.html", context)


@login_required
@require_safe
def assignment_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """An attachment of the submission, for its assigned reviewer (metadata already removed)."""
    from django.http import Http404

    from submissions.views.files import attachment_response

    item = get_assignment_for(request.user, pk)
    if item.status not in (A.ACCEPTED, A.SUBMITTED):
        raise Http404
    attachment = item.submission.attachments.filter(pk=file_pk, removed_at__isnull=True).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment)
