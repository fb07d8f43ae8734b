"""Pages of discussion spaces: the list, a space, a question's thread, and the moderators'
pages. Every page works without JavaScript; every view asks the policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from core.errors import DomainError
from core.files import file_response
from core.views import rate_limited

from . import selectors, services
from .choices import ContributionStatus
from .forms import ContributionForm, FlagForm
from .models import Contribution, ContributionFile, Follow, Question
from .permissions import DiscussionAction, get_space_for, policy

A = DiscussionAction
CONTRIBUTE_RATE = "20/h"
FLAG_RATE = "30/h"


@require_safe
def space_list(request: HttpRequest) -> HttpResponse:
    spaces = selectors.spaces_for(request.user)
    return render(request, "discussions/list.html", {"spaces": spaces})


def _following(request: HttpRequest, **lookup) -> bool:
    user = request.user
    return bool(user.is_authenticated and Follow.objects.filter(user=user, **lookup).exists())


@require_safe
def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for(request.user, slug)
    context = {
        "space": space,
        "questions": selectors.questions_of(space),
        "following": _following(request, space=space),
        "may_follow": policy.can(request.user, A.FOLLOW, space),
        "may_moderate": policy.can(request.user, A.MODERATE, space),
    }
    return render(request, "discussions/space.html", context)


def _question(request: HttpRequest, slug: str, pk: int, action: str = A.VIEW) -> Question:
    space = get_space_for(request.user, slug, action)
    return get_object_or_404(Question.objects.select_related("space"), pk=pk, space=space)


def question_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    question = _question(request, slug, pk)
    if request.method == "POST":
        return _contribute(request, question)
    return _thread(request, question, ContributionForm(initial=_reply_initial(request, question)))


def _reply_initial(request: HttpRequest, question: Question) -> dict:
    """A reply (``?reply=<id>``), with the text quoted when asked (``?quote=<id>``)."""
    ref = request.GET.get("quote") or request.GET.get("reply") or ""
    parent = None
    if ref.isdigit():
        parent = question.contributions.filter(pk=int(ref), status="published").first()
    if parent is None:
        return {}
    initial: dict = {"parent": parent.pk}
    if request.GET.get("quote"):
        quoted = "\n".join(f"> {line}" for line in parent.body.splitlines())
        initial["body"] = f"> **{parent.author.display_name}**:\n{quoted}\n\n"
    return initial


def _thread(
    request: HttpRequest, question: Question, form: ContributionForm, status: int = 200
) -> HttpResponse:
    space = question.space
    parent_id = form["parent"].value()
    context = {
        "space": space,
        "question": question,
        "contributions": selectors.thread(question, request.user),
        "form": form,
        "replying_to": question.contributions.filter(pk=parent_id).first()
        if str(parent_id or "").isdigit()
        else None,
        "may_contribute": policy.can(request.user, A.CONTRIBUTE, space),
        "may_moderate": policy.can(request.user, A.MODERATE, space),
        "following": _following(request, question=question),
        "may_follow": policy.can(request.user, A.FOLLOW, space),
        "target_hours": int(services.moderation_target().total_seconds() // 3600),
    }
    return render(request, "discussions/question.html", context, status=status)


def _contribute(request: HttpRequest, question: Question) -> HttpResponse:
    if not policy.can(request.user, A.CONTRIBUTE, question.space):
        raise Http404
    form = ContributionForm(request.POST, request.FILES)
    if form.is_robot:
        return redirect(question.get_absolute_url())  # say nothing to robots
    if not form.is_valid():
        return _thread(request, question, form, status=400)
    if is_ratelimited(
        request,
        group="discussions",
        key="user",
        rate=CONTRIBUTE_RATE,
        method="POST",
        increment=True,
    ):
        return rate_limited(request, Ratelimited())
    data = form.cleaned_data
    parent = question.contributions.filter(pk=data["parent"]).first() if data["parent"] else None
    try:
        item = services.contribution_post(
            question=question,
            actor=request.user,
            body=data["body"],
            language=data["language"],
            parent=parent,
            files=data["files"],
            page_language=get_language(),
        )
    except (DomainError, ValidationError) as error:
        form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        return _thread(request, question, form, status=400)
    _tell_author(request, item)
    return redirect(item.get_absolute_url())


def _tell_author(request: HttpRequest, item: Contribution) -> None:
    if item.status == ContributionStatus.PUBLISHED:
        messages.success(request, _("Your contribution is published."))
        return
    hours = int(services.moderation_target().total_seconds() // 3600)
    messages.info(
        request,
        _(
            "Thank you. Your contribution waits for a moderator, who aims to look at it "
            "within %(hours)d hours; you will receive an e-mail."
        )
        % {"hours": hours},
    )


@require_safe
def contribution_permalink(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space = get_space_for(request.user, slug)
    queryset = Contribution.objects.filter(question__space=space).select_related("question__space")
    item = policy.get_for(request.user, A.VIEW_CONTRIBUTION, queryset, pk=pk)
    return redirect(item.get_absolute_url())


@require_safe
def contribution_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    space = get_space_for(request.user, slug)
    attached = get_object_or_404(
        ContributionFile.objects.select_related("contribution__question__space"),
        pk=pk,
        contribution__question__space=space,
    )
    if not policy.can(request.user, A.VIEW_CONTRIBUTION, attached.contribution):
        raise Http404
    return file_response(attached.file, filename=attached.name, content_type=attached.mime)


@login_required
def contribution_flag(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space = get_space_for(request.user, slug)
    queryset = Contribution.objects.filter(question__space=space).select_related("question__space")
    item = policy.get_for(request.user, A.FLAG, queryset, pk=pk)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and is_ratelimited(
        request, group="discussion-flags", key="user", rate=FLAG_RATE, method="POST", increment=True
    ):
        return rate_limited(request, Ratelimited())
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_flag(contribution=item, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: the moderators have been told."))
        return redirect(item.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "discussions/flag.html", {"item": item, "form": form}, status=status)


@login_required
@require_POST
def follow(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    space = get_space_for(request.user, slug, A.FOLLOW)
    question = get_object_or_404(Question, pk=pk, space=space) if pk else None
    now = services.follow_toggle(
        actor=request.user, space=None if question else space, question=question
    )
    messages.success(request, _("You follow it now.") if now else _("You no longer follow it."))
    return redirect((question or space).get_absolute_url())
