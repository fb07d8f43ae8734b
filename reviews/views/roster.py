"""The roster: the public page, applying, the curators' decisions and the coverage dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from accounts.models import User
from core.files import file_response
from core.types import signed_in

from ..forms.roster import ApplicationFilterForm, DecisionForm, RosterApplicationForm
from ..models import ReviewerProfile, RosterApplication
from ..permissions import ReviewAction, get_application_for, policy
from ..selectors.roster import (
    application_counts,
    application_list,
    has_pending_application,
    latest_application_of,
    roster_coverage,
)
from ..services.roster import (
    RosterDecisionError,
    default_decision_message,
    roster_apply,
    roster_decide,
)

APPLICATIONS_PER_PAGE = 50
DECISIONS = ("approve", "decline")


@require_safe
def roster(request: HttpRequest) -> HttpResponse:
    """What the roster is, who may join, and the visitor's own application if any."""
    user = request.user
    context = {
        "application": latest_application_of(user),
        "is_reviewer": policy.can(user, ReviewAction.REVIEW),
        "can_manage": policy.can(user, ReviewAction.MANAGE_ROSTER),
    }
    return render(request, "reviews/roster.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def apply(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policy.can(user, ReviewAction.APPLY):
        raise Http404
    if has_pending_application(user):
        messages.info(request, _("You already have an application waiting for a decision."))
        return redirect("reviews:roster")
    form = RosterApplicationForm(
        request.POST or None, request.FILES or None, initial=_initial_for(signed_in(user))
    )
    if request.method == "POST" and form.is_valid():
        try:
            roster_apply(user=user, data=form.roster_data(), cv=form.cleaned_data.get("cv"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. The Hub team will read your application and write to you."),
            )
            return redirect("reviews:roster")
    return render(request, "reviews/roster_apply.html", {"form": form})


def _initial_for(user: User) -> dict[str, object]:
    """Start from what the person's profile already says."""
    organisation = getattr(user, "organisation", None)
    return {
        "is_un": getattr(user, "is_un", False),
        "organisation": organisation.name if organisation else "",
        "reading_languages": list(user.working_languages.all()),
    }


@require_safe
def applications(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, ReviewAction.MANAGE_ROSTER):
        raise Http404
    filters = ApplicationFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    page = Paginator(application_list(status=status), APPLICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "filters": filters,
        "status": status,
        "page_obj": page,
        "counts": application_counts(),
    }
    return render(request, "reviews/applications.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    forms = {
        decision: DecisionForm(
            prefix=decision,
            initial={
                "message": default_decision_message(
                    application=application, approve=decision == "approve"
                )
            },
        )
        for decision in DECISIONS
    }
    decision = request.POST.get("decision")
    if request.method == "POST" and decision in DECISIONS:
        form = forms[decision] = DecisionForm(request.POST, prefix=decision)
        if form.is_valid():
            return _decide(request, application, decision, form.cleaned_data["message"])
    context = {
        "application": application,
        "approve_form": forms["approve"],
        "decline_form": forms["decline"],
        "profile": ReviewerProfile.objects.filter(user=application.user).first(),
        "history": RosterApplication.objects.filter(user=application.user)
        .exclude(pk=application.pk)
        .order_by("-created_at"),
    }
    return render(request, "reviews/application_detail.html", context)


def _decide(
    request: HttpRequest, application: RosterApplication, decision: str, message: str
) -> HttpResponse:
    approve = decision == "approve"
    try:
        roster_decide(application=application, actor=request.user, approve=approve, message=message)
    except RosterDecisionError:
        messages.error(request, _("This application has already been decided."))
    else:
        name = application.user.display_name
        if approve:
            text = _("%(name)s is now a reviewer. They have been sent your message.")
        else:
            text = _("The application of %(name)s was declined. They have been sent your message.")
        messages.success(request, text % {"name": name})
    return redirect("reviews:application_detail", pk=application.pk)


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, ReviewAction.MANAGE_ROSTER):
        raise Http404
    return render(request, "reviews/dashboard.html", {"coverage": roster_coverage()})


@require_safe
def application_cv(request: HttpRequest, pk: int) -> FileResponse:
    """An applicant's CV, for the Hub team only (404 alike for missing and forbidden)."""
    application = get_application_for(request.user, pk)
    if not application.cv:
        raise Http404
    extension = application.cv.name.rsplit(".", 1)[-1] if "." in application.cv.name else ""
    fallback = f"cv.{extension}" if extension else "cv"
    return file_response(application.cv, filename=application.cv_name or fallback)
