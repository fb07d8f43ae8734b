"""The expert directory: listing, profiles, the relay to write to an expert, the expert's own
profile pages and the Hub team's verification queue."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from core.errors import DomainError
from core.files import file_response
from core.views import rate_limited
from repository.filters import whole_number

from . import selectors, services
from .choices import ProfileStatus
from .forms import MessageForm, ProfileForm, SendBackForm
from .models import ExpertProfile
from .permissions import ExpertAction, get_profile_for, policy, sees

PAGE_SIZE = 20
UNDO_KEY = "experts-undo-roster-profile"  # the profile the person may still undo (session)
RELAY_RATE = "10/h"


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    chosen = {name: request.GET.getlist(name) for name in selectors.FACETS}
    query = request.GET.get("q", "")[:200]
    found = selectors.directory(request.user, chosen, query)
    page = Paginator(found.profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "experts/directory.html",
        {
            "page_obj": page,
            "found": found,
            "query": query,
            "facets": [
                (name, selectors.FACET_LABELS[name], found.facets[name])
                for name in selectors.FACETS
            ],
            "filtered": any(chosen.values()) or bool(query),
            "base_query": params.urlencode(),
        },
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    profile = get_profile_for(request.user, slug)
    shown = {field: sees(request.user, profile, field) for field in profile.visibility_keys()}
    return render(
        request,
        "experts/detail.html",
        {
            "profile": profile,
            "shown": shown,
            "similar": selectors.similar_experts(profile) if profile.is_listed else [],
            "practices": selectors.published_practices(profile),
            "can_contact": policy.can(request.user, ExpertAction.CONTACT, profile),
            "is_mine": policy.can(request.user, ExpertAction.EDIT, profile)
            and profile.user_id == request.user.pk,
        },
    )


@require_safe
def photo(request: HttpRequest, slug: str) -> FileResponse:
    profile = get_profile_for(request.user, slug)
    if not profile.photo or not sees(request.user, profile, "photo"):
        raise Http404
    return file_response(profile.photo, filename=f"{profile.slug}{profile.photo.name[-4:]}")


@login_required
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    profile = get_profile_for(request.user, slug)
    if not policy.can(request.user, ExpertAction.CONTACT, profile):
        raise PermissionDenied
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_ratelimited(
            request, group="expert-relay", key="user", rate=RELAY_RATE, increment=True
        ):
            return rate_limited(request, Ratelimited())
        services.message_relay(
            expert=profile,
            actor=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(
            request,
            _("Your message is on its way to %(name)s, who can answer you by e-mail.")
            % {"name": profile.name},
        )
        return redirect(profile)
    return render(
        request,
        "experts/contact.html",
        {"profile": profile, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own profile: create it, change it, list it, take it out."""
    profile = policy.instances(request.user, ExpertAction.EDIT).first()
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            try:
                profile = services.profile_save(
                    actor=request.user, data=form.profile_data(), profile=profile
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("experts:mine")
        return render(
            request, "experts/mine.html", _mine_context(request, form, profile), status=400
        )
    return render(request, "experts/mine.html", _mine_context(request, form, profile))


def _mine_context(request: HttpRequest, form: ProfileForm, profile: ExpertProfile | None) -> dict:
    return {
        "form": form,
        "profile": profile,
        "on_roster": profile is None and selectors.on_roster(request.user),
        "can_undo": profile is not None and request.session.get(UNDO_KEY) == profile.pk,
    }


@login_required
@require_POST
def mine_from_roster(request: HttpRequest) -> HttpResponse:
    """One click: a roster reviewer's profile made from the roster details, asked to be listed."""
    try:
        profile = services.profile_from_roster(actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        request.session[UNDO_KEY] = profile.pk
        messages.success(
            request,
            _(
                "Your profile is made from your roster details. The Hub team checks it before it "
                "appears in the directory. You can change any part of it below, or undo."
            ),
        )
    return redirect("experts:mine")


def _own_profile(request: HttpRequest) -> ExpertProfile:
    profile = policy.instances(request.user, ExpertAction.EDIT).first()
    if profile is None:
        raise Http404
    return profile


@login_required
@require_POST
def mine_action(request: HttpRequest, action: str) -> HttpResponse:
    profile = _own_profile(request)
    done = {
        "list": (
            services.profile_publish,
            _("Your profile is listed, or waits for the Hub team's verification."),
        ),
        "hide": (services.profile_hide, _("Your profile is out of the directory.")),
        "confirm": (
            services.profile_confirm,
            _("Thank you: your profile is confirmed for another year."),
        ),
    }
    if action == "delete" or (action == "undo" and request.session.get(UNDO_KEY) == profile.pk):
        services.profile_delete(profile=profile, actor=request.user)
        request.session.pop(UNDO_KEY, None)
        messages.success(request, _("Your expert profile is deleted."))
        return redirect("experts:mine")
    if action not in done:
        raise Http404
    service, said = done[action]
    try:
        service(profile=profile, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, said)
    return redirect("experts:mine")


@login_required
@require_safe
def mine_download(request: HttpRequest) -> HttpResponse:
    """Everything the directory holds about the person, as JSON."""
    profile = _own_profile(request)
    response = HttpResponse(
        json.dumps(selectors.profile_export(profile), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="expert-profile-{profile.slug}.json"'
    return response


@login_required
def mine_messages(request: HttpRequest) -> HttpResponse:
    """Messages relayed to the expert; block a sender."""
    profile = _own_profile(request)
    if request.method == "POST":
        number = whole_number(request.POST.get("message", ""))
        message = profile.messages.filter(pk=number).first() if number is not None else None
        if message is None:
            messages.error(request, _("This message is no longer here."))
        else:
            services.sender_block(expert=profile, actor=request.user, sender=message.sender)
            messages.success(request, _("You will receive no more messages from this person."))
        return redirect("experts:mine_messages")
    blocked = set(profile.blocks.values_list("sender_id", flat=True))
    return render(
        request,
        "experts/mine_messages.html",
        {
            "profile": profile,
            "received": profile.messages.select_related("sender")[:100],
            "blocked": blocked,
        },
    )


@login_required
@require_safe
def team(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, ExpertAction.VERIFY):
        raise PermissionDenied
    waiting = policy.instances(request.user, ExpertAction.VERIFY).filter(
        status=ProfileStatus.PENDING
    )
    return render(
        request,
        "experts/team.html",
        {
            "waiting": waiting.select_related("user", "country"),
            "form": SendBackForm(),
            "coverage": selectors.coverage(),
        },
    )


@login_required
@require_POST
def team_decide(request: HttpRequest, slug: str) -> HttpResponse:
    if not policy.can(request.user, ExpertAction.VERIFY):
        raise PermissionDenied
    profile = get_object_or_404(policy.instances(request.user, ExpertAction.VERIFY), slug=slug)
    try:
        if request.POST.get("decision") == "verify":
            services.profile_verify(profile=profile, actor=request.user)
            messages.success(request, _("%(name)s is listed.") % {"name": profile.name})
        else:
            form = SendBackForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.profile_send_back(profile=profile, actor=request.user, reason=reason)
            messages.success(
                request, _("%(name)s was asked to change the profile.") % {"name": profile.name}
            )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("experts:team")
