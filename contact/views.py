"""The contact form for everyone, and the inbox where the Hub team answers."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from accounts.selectors import hub_team
from core.audit import describe_all
from core.errors import DomainError
from core.models import AuditEvent
from core.views import rate_limited

from . import selectors, services
from .choices import Category
from .forms import AssignForm, ContactForm, ReplyForm
from .models import ContactReply
from .permissions import ContactAction, get_message_for, policy
from .selectors import InboxFilter

SENT_KEY = "contact_sent"
SEND_RATE = "5/h"


def _initial(request: HttpRequest) -> dict[str, str]:
    """Prefill from the page the form was opened from (``?category=call&call=<slug>``)."""
    initial = {key: request.GET.get(key, "")[:200] for key in ("category", "call", "subject")}
    if initial["category"] not in Category.values:
        initial["category"] = Category.CALL if initial["call"] else Category.GENERAL
    referer = urlsplit(request.headers.get("referer", ""))
    initial["page"] = request.GET.get("page") or (
        referer.path if referer.netloc == request.get_host() else ""
    )
    if request.user.is_authenticated:
        initial["name"] = request.user.display_name
        initial["email"] = request.user.email
    return initial


def contact(request: HttpRequest) -> HttpResponse:
    """Two steps when the FAQ may already answer: the form, then the matching answers with the
    message kept below them; one step otherwise."""
    if request.method != "POST":
        return render(
            request, "contact/form.html", {"form": ContactForm(initial=_initial(request))}
        )
    form = ContactForm(request.POST)
    if form.is_robot:
        return redirect("contact:sent")  # say nothing to robots
    if not form.is_valid():
        return render(request, "contact/form.html", {"form": form}, status=400)
    data = form.cleaned_data
    matches = (
        []
        if request.POST.get("confirmed")
        else selectors.faq_matches(f"{data['subject']}\n{data['body']}")
    )
    if matches:
        return render(request, "contact/form.html", {"form": form, "matches": matches})
    if is_ratelimited(
        request, group="contact", key="ip", rate=SEND_RATE, method="POST", increment=True
    ):
        return rate_limited(request, Ratelimited())
    message = services.message_receive(
        sender=request.user,
        language=get_language(),
        category=data["category"],
        name=data["name"],
        email=data["email"],
        organisation=data["organisation"],
        subject=data["subject"],
        body=data["body"],
        page=data["page"],
        call=data["call"],
    )
    request.session[SENT_KEY] = message.reference
    return redirect("contact:sent")


@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "contact/sent.html", {"reference": request.session.pop(SENT_KEY, "")})


def _team_only(request: HttpRequest) -> None:
    if not policy.can(request.user, ContactAction.WORK):
        raise PermissionDenied


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    _team_only(request)
    status = request.GET.get("status", "active")
    chosen = InboxFilter(
        status=status if status in {"active", "overdue", "mine", "closed", "all"} else "active",
        category=request.GET.get("category", "")
        if request.GET.get("category") in Category.values
        else "",
        q=request.GET.get("q", "").replace("\x00", "")[:200],
    )
    return render(
        request,
        "contact/inbox.html",
        {
            "messages_list": selectors.inbox(request.user, chosen)[:200],
            "chosen": chosen,
            "counts": selectors.inbox_counts(request.user),
            "categories": Category.choices,
            "response_days": selectors.response_days(),
        },
    )


@login_required
def message(request: HttpRequest, reference: str) -> HttpResponse:
    """One message: what the sender wrote, its history, and the team's actions."""
    _team_only(request)
    item = get_message_for(request.user, reference)
    reply_form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if not reply_form.is_valid():
            return _message_page(request, item, reply_form, status=400)
        try:
            services.message_reply(
                message=item, actor=request.user, body=reply_form.cleaned_data["body"]
            )
        except DomainError as error:
            messages.error(request, error.message)
            return _message_page(request, item, reply_form, status=400)
        messages.success(
            request, _("Your answer is on its way to %(email)s.") % {"email": item.email}
        )
        return redirect("contact:message", reference=item.reference)
    return _message_page(request, item, reply_form)


def _message_page(
    request: HttpRequest, item, reply_form: ReplyForm, status: int = 200
) -> HttpResponse:
    events = AuditEvent.objects.filter(target_type__model="contactmessage", target_id=str(item.pk))
    return render(
        request,
        "contact/message.html",
        {
            "item": item,
            "replies": item.replies.select_related("author"),
            "reply_form": reply_form,
            "assign_form": AssignForm(initial={"person": item.assigned_to_id}, team=hub_team()),
            "history": describe_all(events.select_related("actor").order_by("created_at", "id")),
            "response_time": selectors.response_time(item),
        },
        status=status,
    )


@login_required
@require_POST
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    _team_only(request)
    item = get_message_for(request.user, reference)
    form = AssignForm(request.POST, team=hub_team())
    if form.is_valid():
        try:
            services.message_assign(
                message=item, actor=request.user, to=form.cleaned_data["person"]
            )
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Choose a member of the Hub team."))
    return redirect("contact:message", reference=item.reference)


@login_required
@require_POST
def close(request: HttpRequest, reference: str) -> HttpResponse:
    _team_only(request)
    item = get_message_for(request.user, reference)
    try:
        if item.is_closed:
            services.message_reopen(message=item, actor=request.user)
        else:
            services.message_close(message=item, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("contact:message", reference=item.reference)


@login_required
@require_POST
def resend(request: HttpRequest, reference: str, reply_id: int) -> HttpResponse:
    _team_only(request)
    item = get_message_for(request.user, reference)
    reply = get_object_or_404(ContactReply, pk=reply_id, message=item)
    services.reply_resend(reply=reply, actor=request.user)
    messages.info(request, _("The answer will be sent again."))
    return redirect("contact:message", reference=item.reference)
