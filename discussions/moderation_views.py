"""The moderators' pages of a space: queue, hidden contributions, questions, status, log,
exports and synthesis."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.workflow import can_transition

from . import exports, selectors, services
from .choices import SpaceStatus
from .forms import QuestionForm, ReasonForm, SynthesisForm
from .models import Contribution
from .permissions import DiscussionAction, get_space_for, policy

A = DiscussionAction


@login_required
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for(request.user, slug, A.MODERATE)
    moves = [(value, label) for value, label in SpaceStatus.choices if can_transition(space, value)]
    context = {
        "space": space,
        "queue": selectors.queue(space),
        "hidden": selectors.hidden(space),
        "reason_form": ReasonForm(),
        "question_form": QuestionForm(),
        "moves": moves,
        "may_export": policy.can(request.user, A.EXPORT, space),
    }
    return render(request, "discussions/moderation.html", context)


@login_required
@require_POST
def moderate(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    space = get_space_for(request.user, slug, A.MODERATE)
    item = Contribution.objects.filter(question__space=space, pk=pk).first()
    if item is None or verb not in ("approve", "hide", "restore", "keep"):
        raise Http404
    reason = request.POST.get("reason", "")
    try:
        if verb == "approve":
            services.contribution_approve(contribution=item, actor=request.user)
        elif verb == "keep":
            services.contribution_keep(contribution=item, actor=request.user, reason=reason)
        elif verb == "hide":
            services.contribution_hide(contribution=item, actor=request.user, reason=reason)
        else:
            services.contribution_restore(contribution=item, actor=request.user, reason=reason)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done."))
    return redirect("discussions:moderation", slug=space.slug)


@login_required
@require_POST
def question_new(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for(request.user, slug, A.MODERATE)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question = services.question_post(space=space, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            return redirect(question.get_absolute_url())
    else:
        messages.error(request, _("Write the question and choose its language."))
    return redirect("discussions:moderation", slug=space.slug)


@login_required
@require_POST
def space_status(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for(request.user, slug, A.MODERATE)
    to = request.POST.get("to", "")
    if to not in SpaceStatus.values or not can_transition(space, to):
        messages.error(request, _("The space cannot move to that status now."))
    else:
        services.space_move(space=space, actor=request.user, to=to)
        messages.success(
            request, _("The space is now: %(status)s.") % {"status": space.get_status_display()}
        )
    return redirect("discussions:moderation", slug=space.slug)


@login_required
def moderation_log(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for(request.user, slug, A.MODERATE)
    context = {"space": space, "events": selectors.moderation_log(space)}
    return render(request, "discussions/log.html", context)


@login_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for(request.user, slug, A.EXPORT)
    response = HttpResponse(
        exports.contributions_csv(space), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{space.slug}-contributions.csv"'
    return response


@login_required
def export_docx(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for(request.user, slug, A.EXPORT)
    response = HttpResponse(
        exports.contributions_docx(space),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{space.slug}-contributions.docx"'
    return response


@login_required
def synthesis(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for(request.user, slug, A.EXPORT)
    form = SynthesisForm(request.POST or None, initial={"text": space.synthesis})
    if request.method == "POST" and form.is_valid():
        try:
            services.synthesis_publish(space=space, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The synthesis is published on the space's page."))
            return redirect(space.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request, "discussions/synthesis.html", {"space": space, "form": form}, status=status
    )
