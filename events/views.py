"""Pages of events: the listing and its calendar and feed, an event's page and calendar file,
registering and cancelling, and the organisers' pages."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.text import spreadsheet_safe
from taxonomy.models import Language, Objective

from . import selectors, services
from .forms import DecideForm, EventEditForm, FacetForm, RegistrationForm
from .ics import calendar_bytes, registrant_calendar
from .models import Event, Registration
from .permissions import EventAction, get_event_for, policy

ICS_TYPE = "text/calendar; charset=utf-8"


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    facets = selectors.Facets.parse(request.GET)
    upcoming, past = selectors.event_list(user=request.user, facets=facets, now=timezone.now())
    form = FacetForm(
        request.GET or None,
        objectives=Objective.objects.all(),
        languages=Language.objects.all(),
    )
    context = {
        "upcoming": upcoming,
        "past": past,
        "form": form,
        "filtered": facets != selectors.Facets(),
    }
    return render(request, "events/event_list.html", context)


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    """Every public event, for calendar applications to subscribe to."""
    body = calendar_bytes(selectors.calendar_events(), name=_("Events of the Hub"))
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for(request.user, slug)
    registration = selectors.registration_of(event=event, user=request.user)
    context = {
        "event": event,
        "registration": registration,
        "form": RegistrationForm(event=event),
        "seats": selectors.seats(event),
        "speakers": selectors.listed_speakers(event),
        "may_register": policy.can(request.user, EventAction.REGISTER, event),
        "may_organise": policy.can(request.user, EventAction.ORGANISE, event),
        "has_ended": event.has_ended(),
        "practices": event.practices.published(),  # type: ignore[attr-defined]
        "resources": event.resources.published(),  # type: ignore[attr-defined]
        "suggested": selectors.suggestions(event=event),
    }
    return render(request, "events/event_detail.html", context)


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's calendar file; a confirmed registrant's holds the link to join."""
    event = get_event_for(request.user, slug)
    registration = selectors.registration_of(event=event, user=request.user)
    body = registrant_calendar(event, confirmed=bool(registration and registration.is_confirmed))
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for(request.user, slug)
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        context = {
            "event": event,
            "form": form,
            "seats": selectors.seats(event),
            "may_register": True,
        }
        return render(request, "events/register.html", context, status=400)
    try:
        registration = services.registration_create(
            event=event, actor=request.user, **form.cleaned_data
        )
    except (DomainError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, registration.get_status_display())
    return redirect(event)


@login_required
@require_POST
def cancel_mine(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for(request.user, slug)
    registration = selectors.registration_of(event=event, user=request.user)
    if registration is None or not registration.is_active:
        raise Http404
    _cancel(request, registration)
    return redirect(event)


def _cancel(request: HttpRequest, registration: Registration) -> None:
    try:
        services.registration_cancel(registration=registration, actor=registration.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your registration is cancelled."))


def cancel_by_link(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The link of the e-mails: one button cancels, signed in or not (a GET never changes
    anything: mail scanners open links)."""
    event = get_object_or_404(Event.objects.public(), slug=slug)
    registration = selectors.registration_for_token(event=event, token=token)
    if registration is None:
        raise Http404
    if request.method == "POST" and registration.is_active:
        _cancel(request, registration)
        return redirect(event)
    return render(request, "events/cancel.html", {"event": event, "registration": registration})


@login_required
@require_safe
def registrants(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisers' page: who registered, approvals, attendance and the numbers."""
    event = get_event_for(request.user, slug, EventAction.ORGANISE)
    people = selectors.registrants(event=event)
    context = {
        "event": event,
        "registrants": people,
        "seats": selectors.seats(event),
        "numbers": selectors.numbers(event=event),
        "has_started": event.starts_at <= timezone.now(),
    }
    return render(request, "events/registrants.html", context)


@login_required
@require_safe
def registrants_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for(request.user, slug, EventAction.ORGANISE)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrants.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("Organisation"),
            _("Type of organisation"),
            _("Country"),
            _("Language"),
            _("Status"),
            _("Registered at"),
            _("Attended"),
        ]
    )
    for r in selectors.registrants(event=event):
        user = r.user
        row = [
            user.display_name,
            user.email,
            str(user.organisation or ""),
            str(user.organisation_type or ""),
            user.country.name if user.country else "",
            r.language_name or "",  # type: ignore[attr-defined]
            r.get_status_display(),
            r.created_at.isoformat(),
            {True: _("Yes"), False: _("No")}.get(r.attended, ""),  # type: ignore[arg-type]
        ]
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = get_event_for(request.user, slug, EventAction.ORGANISE)
    registration = get_object_or_404(event.registrations, pk=pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.registration_decide(
                registration=registration, actor=request.user, accept=form.cleaned_data["accept"]
            )
        except DomainError as error:
            messages.error(request, str(error))
    return redirect("events:registrants", slug=event.slug)


@login_required
@require_POST
def attendance(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for(request.user, slug, EventAction.ORGANISE)
    present = [int(v) for v in request.POST.getlist("attended") if v.isdigit()]
    services.attendance_mark(event=event, actor=request.user, attended=present)
    messages.success(request, _("Attendance saved."))
    return redirect("events:registrants", slug=event.slug)


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Time, place and link (registrants receive the updated calendar file); after the event,
    the recording, the summary report and the linked practices and resources."""
    event = get_event_for(request.user, slug, EventAction.ORGANISE)
    initial = {"practices": event.practices.all(), "resources": event.resources.all()}
    form = EventEditForm(
        request.POST or None, request.FILES or None, instance=event, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_edit(request, event, form)
        except (DomainError, ValidationError) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("The event is saved."))
            return redirect(event)
    return render(
        request,
        "events/edit.html",
        {"event": event, "form": form},
        status=400 if form.errors else 200,
    )


def _save_edit(request: HttpRequest, event: Event, form: EventEditForm) -> None:
    data = form.cleaned_data
    fields = {name: data[name] for name in EventEditForm.Meta.fields}
    with transaction.atomic():  # the service reads the event afresh: the form changed this copy
        services.event_update(
            event=event,
            actor=request.user,
            practices=data["practices"],
            resources=data["resources"],
            **fields,
        )
        if data.get("summary"):
            services.event_attach_summary(event=event, actor=request.user, uploaded=data["summary"])
