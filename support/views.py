"""Pages of the support service: what it is (everyone), filing and following a request (focal
points), shared summaries (partners), and the Hub team's pages."""

import csv
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.audit import describe_all
from core.errors import DomainError
from core.workflow import workflow_of
from experts.models import ExpertProfile

from . import selectors, services
from .forms import (
    ActivityForm,
    CompleteForm,
    InterestForm,
    MessageForm,
    MoveForm,
    NoteForm,
    ProposeForm,
    RatingForm,
    RequestForm,
)
from .models import SupportRequest
from .permissions import SupportAction, get_request_for, policy
from .suggestions import Need, Suggestions, suggest, suggested_objectives


def _require(request: HttpRequest, action: str) -> None:
    if not policy.can(request.user, action):
        raise PermissionDenied


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    """What the service is, how to get the focal point role, and shared summaries."""
    shared = policy.instances(request.user, SupportAction.READ_SUMMARY).select_related(
        "country__region"
    )
    return render(
        request,
        "support/landing.html",
        {
            "may_file": policy.can(request.user, SupportAction.FILE),
            "may_work": policy.can(request.user, SupportAction.WORK),
            "shared": shared.order_by("-created_at")[:50],
            "response_days": selectors.response_days(),
        },
    )


def _need_of(form: RequestForm) -> Need:
    data = form.cleaned_data
    return Need(
        title=data["title"],
        description=data["need"],
        language=(get_language() or "en").split("-")[0],
        country=data["country"].code,
        objectives=tuple(o.number for o in data["objectives"]),
    )


@login_required
def new_request(request: HttpRequest) -> HttpResponse:
    """Two steps: the form, then the suggested objectives and connections with the form kept
    (editable); filing stores the request."""
    _require(request, SupportAction.FILE)
    if request.method != "POST":
        return render(request, "support/new.html", {"form": RequestForm()})
    if "suggest_objectives" in request.POST:
        return _objectives_suggested(request)
    form = RequestForm(request.POST)
    if not form.is_valid():
        return render(request, "support/new.html", {"form": form}, status=400)
    if "file" not in request.POST:
        return _with_suggestions(request, form)
    data = form.cleaned_data
    try:
        filed = services.request_file(
            actor=request.user,
            language=(get_language() or "en").split("-")[0],
            **{key: data[key] for key in RequestForm.base_fields},
        )
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "support/new.html", {"form": form}, status=400)
    messages.success(
        request,
        _("Your request is filed. Its reference is %(reference)s.")
        % {"reference": filed.reference},
    )
    return redirect(filed.get_absolute_url())


def _objectives_suggested(request: HttpRequest) -> HttpResponse:
    """The form as written (no errors yet: only the title and the need are read), with the
    objectives suggested from the text ticked beside those already chosen. hub.js swaps in the
    objectives' part of the page only; without JavaScript the whole page comes back."""
    posted = request.POST
    text = f"{posted.get('title', '')}\n{posted.get('need', '')}".strip()
    proposed = suggested_objectives(text) if text else []
    initial: dict = {}
    for name, field in RequestForm.base_fields.items():
        if isinstance(field, forms.ModelMultipleChoiceField):
            initial[name] = [pk for pk in posted.getlist(name) if pk.isascii() and pk.isdigit()]
        elif isinstance(field, forms.BooleanField):
            initial[name] = bool(posted.get(name))
        else:
            initial[name] = posted.get(name, "")
    initial["objectives"] = sorted(
        {int(pk) for pk in initial["objectives"] if len(pk) < 10} | {o.pk for o in proposed}
    )
    context = {
        "form": RequestForm(initial=initial),
        "suggested_objectives": proposed,
        "objectives_asked": True,
    }
    return render(request, "support/new.html", context)


def _with_suggestions(request: HttpRequest, form: RequestForm) -> HttpResponse:
    """The form again with suggested objectives ticked (when none were) and the connections."""
    data = form.cleaned_data
    proposed = suggested_objectives(f"{data['title']}\n{data['need']}")
    if not data["objectives"]:
        values = request.POST.copy()
        values.setlist("objectives", [str(o.pk) for o in proposed])
        form = RequestForm(values)
        form.is_valid()
    context = {
        "form": form,
        "suggested_objectives": proposed,
        "groups": _groups(suggest(_need_of(form), shared_only=True), team=False),
        "previewed": True,
    }
    return render(request, "support/new.html", context)


def _groups(found: Suggestions, *, team: bool) -> list[tuple[str, list]]:
    return [
        (_("Practices"), found.practices),
        (_("Resources"), found.resources),
        (_("Experts available for advising"), found.experts),
        (
            _("Earlier requests") if team else _("Earlier requests shared with partners"),
            found.requests,
        ),
    ]


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    requests = policy.instances(request.user, SupportAction.FOLLOW).select_related("country")
    return render(
        request,
        "support/mine.html",
        {
            "requests": requests.order_by("-created_at"),
            "may_file": policy.can(request.user, SupportAction.FILE),
        },
    )


REQUESTER_ACTIONS: dict[str, Callable] = {}


def _requester_action(name: str):
    def register(handler: Callable) -> Callable:
        REQUESTER_ACTIONS[name] = handler
        return handler

    return register


@_requester_action("message")
def _post_message(request: HttpRequest, item: SupportRequest) -> str | None:
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _("Write the message before sending it.")
    services.message_post(request=item, actor=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Your message is sent to the Hub team."))
    return None


@_requester_action("agree")
def _agree(request: HttpRequest, item: SupportRequest) -> str | None:
    services.request_agree(request=item, actor=request.user)
    messages.success(request, _("Thank you: the support can start."))
    return None


@_requester_action("rate")
def _rate(request: HttpRequest, item: SupportRequest) -> str | None:
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _("Choose how useful the support was.")
    services.request_rate(request=item, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Thank you for your rating."))
    return None


def _run(request: HttpRequest, item: SupportRequest, handlers: dict[str, Callable]) -> None:
    handler = handlers.get(request.POST.get("action", ""))
    if handler is None:
        messages.error(request, _("This action is not possible."))
        return
    try:
        problem = handler(request, item)
    except DomainError as error:
        problem = error.message
    if problem:
        messages.error(request, problem)


@login_required
def request_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The requester follows their request: status, proposal, activities, thread."""
    item = get_request_for(request.user, reference, SupportAction.FOLLOW)
    if request.method == "POST":
        _run(request, item, REQUESTER_ACTIONS)
        return redirect(item.get_absolute_url())
    context = {
        "item": item,
        "thread": item.thread.select_related("author"),
        "history": describe_all(selectors.requester_history(item).select_related("actor")),
        "experts": item.proposed_experts.all(),
        "activities": item.activities.all(),
        "message_form": MessageForm(),
        "rating_form": RatingForm(initial={"rating": item.rating}),
    }
    return render(request, "support/request.html", context)


def shared(request: HttpRequest, reference: str) -> HttpResponse:
    """An anonymised summary; signed-in partners offer help."""
    item = get_request_for(request.user, reference, SupportAction.READ_SUMMARY)
    form = InterestForm(request.POST or None)
    if request.method == "POST":
        if not policy.can(request.user, SupportAction.OFFER, item):
            return redirect(f"{_login_url()}?next={request.path}")
        if form.is_valid():
            try:
                services.interest_express(
                    request=item, actor=request.user, note=form.cleaned_data["note"]
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you: the Hub team will be in touch."))
                return redirect("support:shared", reference=item.reference)
    context = {
        "item": item,
        "form": form,
        "may_offer": policy.can(request.user, SupportAction.OFFER, item),
    }
    return render(request, "support/shared.html", context, status=400 if form.errors else 200)


def _login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


# The Hub team's pages.

TEAM_ACTIONS: dict[str, Callable] = {}


def _team_action(name: str):
    def register(handler: Callable) -> Callable:
        TEAM_ACTIONS[name] = handler
        return handler

    return register


def _advisers():
    return ExpertProfile.objects.listed().order_by("name")


@_team_action("move")
def _team_move(request: HttpRequest, item: SupportRequest) -> str | None:
    form = MoveForm(
        request.POST, targets=workflow_of(item).targets(item.status), current=item.status
    )
    if not form.is_valid():
        return _("Choose a next step this request can take.")
    services.request_move(request=item, actor=request.user, **form.cleaned_data)
    messages.success(request, _("The request moved on; the requester is told by e-mail."))
    return None


@_team_action("propose")
def _team_propose(request: HttpRequest, item: SupportRequest) -> str | None:
    form = ProposeForm(request.POST, experts=_advisers())
    if not form.is_valid():
        return _("Choose experts among those listed.")
    services.request_propose(request=item, actor=request.user, **form.cleaned_data)
    messages.success(request, _("The proposal is sent to the requester."))
    return None


@_team_action("activity")
def _team_activity(request: HttpRequest, item: SupportRequest) -> str | None:
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return _("Give the activity a name and a valid start date.")
    services.activity_add(request=item, actor=request.user, **form.cleaned_data)
    messages.success(request, _("The activity is added."))
    return None


@_team_action("complete")
def _team_complete(request: HttpRequest, item: SupportRequest) -> str | None:
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return _("Describe the outcome of the support.")
    services.request_complete(request=item, actor=request.user, **form.cleaned_data)
    messages.success(request, _("The request is completed; the requester is asked to rate it."))
    return None


@_team_action("note")
def _team_note(request: HttpRequest, item: SupportRequest) -> str | None:
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _("Write the note before saving it.")
    services.note_add(request=item, actor=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("The note is saved for the team."))
    return None


@_team_action("message")
def _team_message(request: HttpRequest, item: SupportRequest) -> str | None:
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _("Write the message before sending it.")
    services.message_post(request=item, actor=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Your message is sent to the requester."))
    return None


@login_required
@require_safe
def team(request: HttpRequest) -> HttpResponse:
    _require(request, SupportAction.WORK)
    view = request.GET.get("view", "open")
    view = view if view in selectors.TEAM_VIEWS else "open"
    context = {
        "requests": selectors.team_list(request.user, view),
        "view": view,
        "counts": selectors.team_counts(request.user),
        "response_days": selectors.response_days(),
    }
    return render(request, "support/team.html", context)


@login_required
def team_request(request: HttpRequest, reference: str) -> HttpResponse:
    """One request for the team: the need, suggestions with reasons, the steps, the thread,
    the internal notes and the history."""
    _require(request, SupportAction.WORK)
    item = get_request_for(request.user, reference, SupportAction.WORK)
    if request.method == "POST":
        _run(request, item, TEAM_ACTIONS)
        return redirect("support:team_request", reference=item.reference)
    targets = workflow_of(item).targets(item.status)
    context = {
        "item": item,
        "overdue": selectors.is_overdue(item),
        "groups": _groups(suggest(Need.of(item)), team=True),
        "move_form": MoveForm(targets=targets, current=item.status)
        if targets - {"matched", "in_progress", "completed"}
        else None,
        "propose_form": ProposeForm(experts=_advisers()) if "matched" in targets else None,
        "activity_form": ActivityForm() if item.status in ("matched", "in_progress") else None,
        "complete_form": CompleteForm() if "completed" in targets else None,
        "message_form": MessageForm() if not item.is_ended else None,
        "note_form": NoteForm(),
        "thread": item.thread.select_related("author"),
        "notes": item.notes.select_related("author"),
        "interests": item.interests.select_related("partner", "partner__organisation"),
        "history": describe_all(selectors.team_history(item)),
        "first_response_days": selectors.first_response_days(item),
    }
    return render(request, "support/team_request.html", context)


@login_required
@require_safe
def report(request: HttpRequest) -> HttpResponse:
    _require(request, SupportAction.WORK)
    found = selectors.report(request.user)
    tables = [
        (_("By region"), found.by_region),
        (_("By objective"), found.by_objective),
        (_("By type of support"), found.by_type),
        (_("By status"), found.by_status),
    ]
    return render(request, "support/report.html", {"report": found, "tables": tables})


@login_required
@require_safe
def report_csv(request: HttpRequest) -> HttpResponse:
    _require(request, SupportAction.WORK)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="support-requests.csv"'
    writer = csv.writer(response)
    writer.writerow(selectors.CSV_HEADER)
    writer.writerows(selectors.report_rows(request.user))
    return response
