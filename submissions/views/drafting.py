"""Starting a draft, filling it in step by step, autosave, and submitting."""

import uuid
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from calls.permissions import get_call_for

from ..choices import FindingDecision
from ..fields import CONTENT_TYPES
from ..forms import (
    NOT_PUBLISHED_STAGE,
    EligibilityForm,
    ImportWordForm,
    StepForm,
    parse_revision,
    step_initial,
    validate_content,
)
from ..permissions import SubmissionAction, get_submission_for, policy
from ..presenters import display_value, present
from ..selectors import active_attachments, similar_published, submission_findings
from ..services import (
    IncompleteContentError,
    SubmissionError,
    call_accepts,
    deadline_for,
    draft_save,
    findings_decide,
    submission_start,
    submission_submit,
)

PENDING_KEY = "hub_pending_drafts"
# Autosaves a person may send per minute, counted in the cache (shared between processes when
# REDIS_URL is set, as in production; per process otherwise).
AUTOSAVE_RATE = "20/m"
NOT_KEPT = gettext_noop(
    "Only the beginning of the text was saved, as it is much longer than allowed: %(fields)s."
)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Eligibility check, then a new draft (inside a call or outside any call)."""
    content_type = request.GET.get("type", "practice")
    call = get_call_for(request.user, request.GET["call"]) if request.GET.get("call") else None
    if content_type not in CONTENT_TYPES:
        messages.error(
            request,
            _("There is no such kind of submission: you can submit a practice or a resource."),
        )
        start_url = reverse("submissions:start")
        return redirect(f"{start_url}?{urlencode({'call': call.slug})}" if call else start_url)
    if call is not None and not call_accepts(call, request.user):
        messages.error(
            request,
            _("This call is not accepting submissions. You can still submit outside any call."),
        )
        return redirect(call)
    form = EligibilityForm(request.POST or None, draft_anyway="draft_anyway" in request.POST)
    if request.method == "POST" and form.is_valid():
        submission = submission_start(
            owner=request.user, content_type=content_type, call=call, eligibility=form.cleaned_data
        )
        if form.cleaned_data["completion"] == NOT_PUBLISHED_STAGE:
            messages.info(
                request,
                _(
                    "Your draft is ready. You can submit it once the practice is mostly completed: update its stage of implementation then."
                ),
            )
        if form.cleaned_data["started_after_2018"] == "no":
            messages.warning(
                request,
                _(
                    "Practices implemented before December 2018 can be submitted, but the Hub favours those carried out since the Global Compact was adopted."
                ),
            )
        first = submission.spec.steps[0].slug
        return redirect("submissions:step", uuid=submission.uuid, step=first)
    return render(
        request,
        "submissions/start.html",
        {"form": form, "call": call, "content_type": content_type},
    )


def _step_context(submission, current, form, **extra: Any) -> dict[str, Any]:
    steps = submission.spec.steps
    index = [s.slug for s in steps].index(current.slug)
    return {
        "submission": submission,
        "step": current,
        "steps": steps,
        "form": form,
        "previous": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
        "attachments": active_attachments(submission),
        "deadline": deadline_for(submission.call, submission.owner),
        "duplicates": similar_published(submission) if current.slug == steps[0].slug else [],
        "import_form": ImportWordForm(),
        **extra,
    }


def _stash_and_login(request: HttpRequest, uuid_value: Any, step_slug: str) -> HttpResponse:
    """The session expired while typing: keep what was sent, ask to sign in, restore after.
    Nothing is kept from a request over the autosave size limit (the session is stored)."""
    if _too_large(request):
        return redirect_to_login(request.path)
    pending = request.session.get(PENDING_KEY, {})
    pending[str(uuid_value)] = {
        "step": step_slug,
        "post": {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"},
    }
    request.session[PENDING_KEY] = pending
    return redirect_to_login(request.path)


def _restore_pending(request: HttpRequest, submission, current):
    pending = request.session.get(PENDING_KEY)
    if not pending or str(submission.uuid) not in pending:
        return None  # the usual case: nothing stashed, and the session is left untouched
    stashed = pending.pop(str(submission.uuid))
    request.session[PENDING_KEY] = pending
    if stashed["step"] != current.slug:
        return None

    data = QueryDict(mutable=True)
    for key, values in stashed["post"].items():
        data.setlist(key, values)
    return data


@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="60/m", method="POST", block=True)
def step(request: HttpRequest, uuid: Any, step: str) -> HttpResponse:
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _stash_and_login(request, uuid, step)
        return redirect_to_login(request.get_full_path())
    submission = get_submission_for(request.user, uuid)
    if not submission.is_editable:
        return redirect(submission)
    if not policy.can(request.user, SubmissionAction.EDIT, submission):
        raise Http404  # curators may read a draft, never edit it
    try:
        current = submission.spec.get_step(step)
    except KeyError:
        raise Http404 from None
    restored = _restore_pending(request, submission, current) if request.method == "GET" else None
    data = request.POST if request.method == "POST" else restored
    if data is None:
        form = StepForm(
            initial={**step_initial(current, submission.data), "revision": submission.revision},
            step=current,
        )
        return render(request, "submissions/step.html", _step_context(submission, current, form))
    return _save_step(request, submission, current, data, restored=restored is not None)


def _save_step(request: HttpRequest, submission, current, data, *, restored: bool) -> HttpResponse:
    form = StepForm(data, step=current)
    base = parse_revision(data.get("revision", 0)) or 0
    result = draft_save(
        submission=submission, actor=request.user, values=form.raw_values(), base_revision=base
    )
    submission = result.submission
    if restored:
        messages.info(
            request,
            _("Your session had expired. We kept what you typed and saved it to your draft."),
        )
    if result.conflicts:
        form = StepForm(
            initial={**step_initial(current, submission.data), "revision": submission.revision},
            step=current,
        )
        return render(
            request,
            "submissions/step.html",
            _step_context(
                submission, current, form, conflicts=_describe_conflicts(current, result.conflicts)
            ),
            status=409,
        )
    if not form.is_valid():
        form.data = form.data.copy()  # type: ignore[attr-defined]
        form.data["revision"] = str(submission.revision)  # type: ignore[index]
        context = _step_context(submission, current, form, saved_with_errors=True)
        return render(request, "submissions/step.html", context)
    messages.success(request, _("Draft saved."))
    return _after_save(request, submission, current)


def _after_save(request: HttpRequest, submission, current) -> HttpResponse:
    steps = [s.slug for s in submission.spec.steps]
    action = request.POST.get("action", "next")
    index = steps.index(current.slug)
    if action == "stay":
        return redirect("submissions:step", uuid=submission.uuid, step=current.slug)
    if action == "previous" and index > 0:
        return redirect("submissions:step", uuid=submission.uuid, step=steps[index - 1])
    if index + 1 < len(steps):
        return redirect("submissions:step", uuid=submission.uuid, step=steps[index + 1])
    return redirect("submissions:review", uuid=submission.uuid)


def _describe_conflicts(current, conflicts: dict[str, tuple[Any, Any]]) -> list[dict[str, Any]]:
    described = []
    for spec in current.fields:
        if spec.name in conflicts:
            mine, theirs = conflicts[spec.name]
            described.append(
                {
                    "name": spec.name,
                    "label": spec.label,
                    "mine": display_value(spec, mine),
                    "theirs": display_value(spec, theirs),
                }
            )
    return described


def _too_large(request: HttpRequest) -> bool:
    """Whether the request body is over HUB_AUTOSAVE_MAX_BYTES (read before the body is)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.HUB_AUTOSAVE_MAX_BYTES


@login_required
@require_POST
@ratelimit(key="user", rate=AUTOSAVE_RATE, method="POST", block=False, group="autosave")
def autosave(request: HttpRequest, uuid: Any) -> JsonResponse:
    """Saves what is being typed every few seconds (JavaScript only). Never blocks the form.
    Limited in size and, per person, in frequency (docs/submissions.md, "Limits")."""
    if getattr(request, "limited", False):
        return _refused("rate_limited", _("Saving paused for a moment; keep typing."), 429)
    if _too_large(request):
        return _refused(
            "too_large",
            _(
                "Too much text to save automatically: save the step to see which fields are too long."
            ),
            413,
        )
    submission = get_submission_for(request.user, uuid, SubmissionAction.EDIT)
    try:
        current = submission.spec.get_step(request.POST.get("step", ""))
    except KeyError:
        return JsonResponse({"status": "invalid"}, status=400)
    base = parse_revision(request.POST.get("revision", ""))
    if base is None:
        return JsonResponse({"status": "invalid"}, status=400)
    form = StepForm(request.POST, step=current)
    try:
        result = draft_save(
            submission=submission, actor=request.user, values=form.raw_values(), base_revision=base
        )
    except SubmissionError as error:
        return _refused("refused", error.message, 409)
    cut = [str(spec.label) for spec in form.over_stored_limit()]
    return JsonResponse(
        {
            "status": "conflict" if result.conflicts else "saved",
            "revision": result.submission.revision,
            "conflicts": sorted(result.conflicts),
            **(
                {"not_kept": cut, "message": _(NOT_KEPT) % {"fields": ", ".join(cut)}}
                if cut
                else {}
            ),
        }
    )


def _refused(status: str, message: Any, code: int) -> JsonResponse:
    return JsonResponse({"status": status, "message": str(message)}, status=code)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="20/m", method="POST", block=True)
def review(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Everything on one page, the safeguarding check, and the submit button."""
    submission = get_submission_for(request.user, uuid)
    if not submission.is_editable:
        return redirect(submission)
    if not policy.can(request.user, SubmissionAction.EDIT, submission):
        raise Http404  # curators may read a draft, never edit it
    if request.method == "POST":
        decisions = {
            key.removeprefix("finding-"): str(value)
            for key, value in request.POST.items()
            if key.startswith("finding-")
        }
        if decisions:
            submission = findings_decide(
                submission=submission, actor=request.user, decisions=decisions
            )
        if request.POST.get("action") == "submit":
            return _submit(request, submission)
    return render(request, "submissions/review.html", _review_context(submission))


def _submit(request: HttpRequest, submission) -> HttpResponse:
    try:
        key = uuid.UUID(request.POST.get("submit_key", ""))
    except ValueError:
        messages.error(request, _("The form was incomplete; please try again."))
        return redirect("submissions:review", uuid=submission.uuid)
    try:
        submission = submission_submit(submission=submission, actor=request.user, submit_key=key)
    except IncompleteContentError:
        messages.error(
            request,
            _(
                "Some required information is missing or invalid. The steps concerned are marked below."
            ),
        )
        return render(request, "submissions/review.html", _review_context(submission), status=400)
    except SubmissionError as error:
        messages.error(request, error.message)
        return redirect(submission)
    messages.success(
        request,
        _(
            "Thank you. Your submission %(reference)s has been received; a copy is on its way to your inbox."
        )
        % {"reference": submission.reference},
    )
    return redirect(submission)


def _review_context(submission) -> dict[str, Any]:
    errors = validate_content(submission.spec, submission.data)
    findings = submission_findings(submission)
    return {
        "submission": submission,
        "sections": present(submission.spec, submission.data),
        "errors": errors,
        "error_steps": sorted({key.split(":")[0] for key in errors}),
        "steps": submission.spec.steps,
        "findings": [
            {
                "finding": f,
                "decision": submission.finding_decisions.get(f.fingerprint, ""),
                "step": _step_of(submission, f.field),
            }
            for f in findings
        ],
        "decisions": FindingDecision,
        "submit_key": uuid.uuid4(),
        "can_submit": call_accepts(submission.call, submission.owner) or not submission.is_draft,
        "deadline": deadline_for(submission.call, submission.owner),
        "attachments": active_attachments(submission),
        "duplicates": similar_published(submission),
        "review_url": reverse("submissions:review", kwargs={"uuid": submission.uuid}),
    }


def _step_of(submission, field: str) -> str:
    """The step holding a field (file findings point to the files step)."""
    for step in submission.spec.steps:
        if field in step.field_names():
            return step.slug
    return "files"
