"""Attachments, the Word template and "Import from Word"."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from calls.permissions import get_call_for
from core.files import file_response

from ..docx import TemplateError, build_template, read_template
from ..fields import CONTENT_TYPES
from ..forms import ImportWordForm, UploadForm
from ..permissions import SubmissionAction, get_submission_for
from ..services import SubmissionError, attachment_add, attachment_remove, draft_save

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_safe
def template_download(request: HttpRequest, content_type: str) -> HttpResponse:
    """The Word template, generated from the same field definitions as the form."""
    if content_type not in CONTENT_TYPES:
        raise Http404
    call = get_call_for(request.user, request.GET["call"]) if request.GET.get("call") else None
    content = build_template(
        CONTENT_TYPES[content_type],
        language=request.LANGUAGE_CODE,
        title=call.title if call else None,
    )
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="hub-{content_type}-template-{request.LANGUAGE_CODE}.docx"'
    )
    return response


@login_required
@require_POST
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def upload_file(request: HttpRequest, uuid: Any) -> HttpResponse:
    submission = get_submission_for(request.user, uuid, SubmissionAction.EDIT)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            attachment = attachment_add(
                submission=submission, actor=request.user, upload=form.cleaned_data["file"]
            )
        except SubmissionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": attachment.name})
    return redirect("submissions:step", uuid=submission.uuid, step="files")


@login_required
@require_POST
def remove_file(request: HttpRequest, uuid: Any, pk: int) -> HttpResponse:
    submission = get_submission_for(request.user, uuid, SubmissionAction.EDIT)
    attachment = submission.attachments.filter(pk=pk, removed_at__isnull=True).first()
    if attachment is None:
        raise Http404
    attachment_remove(attachment=attachment, actor=request.user)
    messages.success(request, _("%(name)s was removed.") % {"name": attachment.name})
    return redirect("submissions:step", uuid=submission.uuid, step="files")


@login_required
@require_POST
@ratelimit(key="user", rate="20/h", method="POST", block=True)
def import_word(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Fill the draft from a completed template and say what could not be read."""
    submission = get_submission_for(request.user, uuid, SubmissionAction.EDIT)
    form = ImportWordForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the completed Word file to import."))
        return redirect(submission)
    try:
        result = read_template(
            submission.spec, form.cleaned_data["file"], language=request.LANGUAGE_CODE
        )
    except TemplateError as error:
        messages.error(request, str(error))
        return redirect(submission)
    saved = draft_save(
        submission=submission,
        actor=request.user,
        values=result.data,
        base_revision=submission.revision,
    )
    context = {
        "submission": saved.submission,
        "imported": sorted(result.data),
        "problems": result.problems,
        "spec": submission.spec,
    }
    return render(request, "submissions/import_report.html", context)


@login_required
@require_safe
def download_file(request: HttpRequest, uuid: Any, pk: int) -> FileResponse:
    """An attachment, for the submitters and the Hub team (reviewers use their own link)."""
    submission = get_submission_for(request.user, uuid)
    attachment = submission.attachments.filter(pk=pk, removed_at__isnull=True).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment)


def attachment_response(attachment: Any) -> FileResponse:
    """Serve a stored attachment as a download with its cleaned name and sniffed type."""
    return file_response(attachment.file, filename=attachment.name, content_type=attachment.mime)
