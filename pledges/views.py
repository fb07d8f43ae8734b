"""Pages of pledges: the listing with its facets, a pledge's page (where its focal points post
progress updates) and the Hub team's queue of updates to approve."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import DomainError

from . import selectors, services
from .forms import DecideForm, UpdateForm
from .models import Pledge, PledgeUpdate
from .permissions import PledgeAction, get_pledge_for, policy


@require_safe
def pledge_list(request: HttpRequest) -> HttpResponse:
    listing = selectors.pledge_listing(params=request.GET)
    counter = ngettext("%(count)s pledge", "%(count)s pledges", listing.total) % {
        "count": listing.total
    }
    context = {"listing": listing, "counter": counter}
    return render(request, "pledges/pledge_list.html", context)


def _detail(request: HttpRequest, pledge: Pledge, form: UpdateForm | None, status: int = 200):
    may_report = policy.can(request.user, PledgeAction.REPORT, pledge)
    context = {
        "pledge": pledge,
        "updates": selectors.approved_updates(pledge),
        "mine": selectors.own_pending_updates(pledge, request.user) if may_report else [],
        "practices": selectors.linked_practices(pledge),
        "may_report": may_report,
        "form": form or (UpdateForm(pledge=pledge) if may_report else None),
        "may_approve": policy.can(request.user, PledgeAction.APPROVE),
    }
    return render(request, "pledges/pledge_detail.html", context, status=status)


@require_safe
def pledge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, get_pledge_for(request.user, slug), None)


@login_required
@require_POST
def post_update(request: HttpRequest, slug: str) -> HttpResponse:
    pledge = get_pledge_for(request.user, slug, PledgeAction.REPORT)
    form = UpdateForm(request.POST, pledge=pledge)
    if not form.is_valid():
        return _detail(request, pledge, form, status=400)
    try:
        services.update_post(pledge=pledge, actor=request.user, **form.cleaned_data)
    except (DomainError, ValidationError) as error:
        form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        return _detail(request, pledge, form, status=400)
    messages.success(request, _("Thank you: the Hub team publishes your update once approved."))
    return redirect(pledge)


def _require_team(request: HttpRequest) -> None:
    if not policy.can(request.user, PledgeAction.APPROVE):
        raise Http404


@login_required
@require_safe
def review(request: HttpRequest) -> HttpResponse:
    """Updates waiting for the Hub team, oldest first, each with its decision form."""
    _require_team(request)
    queue = [
        (update, DecideForm(prefix=f"u{update.pk}"))
        for update in selectors.pending_queue(request.user)
    ]
    return render(request, "pledges/review.html", {"queue": queue})


@login_required
@require_http_methods(["POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    _require_team(request)
    update: PledgeUpdate = policy.get_for(
        request.user, PledgeAction.APPROVE, PledgeUpdate.objects.select_related("pledge"), pk=pk
    )
    form = DecideForm(request.POST, prefix=f"u{update.pk}")
    if not form.is_valid():
        queue = [
            (item, form if item.pk == update.pk else DecideForm(prefix=f"u{item.pk}"))
            for item in selectors.pending_queue(request.user)
        ]
        return render(request, "pledges/review.html", {"queue": queue}, status=400)
    reason = form.cleaned_data["reason"]
    try:
        if form.cleaned_data["decision"] == "approve":
            services.update_approve(update=update, actor=request.user, note=reason)
            messages.success(request, _("The update is published."))
        else:
            services.update_decline(update=update, actor=request.user, reason=reason)
            messages.success(request, _("The update is not published; its author is told why."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("pledges:review")
