"""Reviewers: their invitations, answering them, and the review form."""

from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.files import file_response
from submissions.presenters import present

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


def _is_blind(assignment) -> bool:
    call = assignment.submission.call
    return call.blind_review if call else True


def _hidden_fields(assignment) -> frozenset[str]:
    """What a reviewer must not see: under blind review, the fields the content type's
    definitions mark as identifying (submitters, organisations, authors, links)."""
    if not _is_blind(assignment):
        return frozenset()
    return assignment.submission.spec.identifying_fields()


def _offered_attachments(assignment) -> list[Any]:
    """The current attachments, each with the name the reviewer sees: under blind review a
    neutral "Attachment 1.pdf", since file names often name the organisation."""
    files = list(
        assignment.submission.attachments.filter(removed_at__isnull=True).order_by(
            "created_at", "pk"
        )
    )
    blind = _is_blind(assignment)
    for number, attachment in enumerate(files, start=1):
        attachment.offered_name = (
            neutral_name(number, attachment.name) if blind else attachment.name
        )
    return files


def neutral_name(number: int, name: str) -> str:
    """The name a blind reviewer sees, e.g. "Attachment 3.pdf": a number and the extension,
    which the upload gate made match the sniffed type."""
    extension = PurePosixPath(name).suffix.lower()
    return _("Attachment %(number)d") % {"number": number} + extension


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
            if item.is_accepted:
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
    if not item.was_accepted:
        return redirect("reviews:assignment", pk=item.pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and item.is_accepted and form.is_valid():
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
        "attachments": _offered_attachments(item),
    }
    return render(request, "reviews/review.html", context)


@login_required
@require_safe
def assignment_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """An attachment of the submission, for its assigned reviewer once they accepted (404
    alike otherwise), under the name they were offered; metadata was removed on upload."""
    item = get_assignment_for(request.user, pk)
    if not item.was_accepted:
        raise Http404
    attachment = next((f for f in _offered_attachments(item) if f.pk == file_pk), None)
    if attachment is None:
        raise Http404
    return file_response(
        attachment.file, filename=attachment.offered_name, content_type=attachment.mime
    )
