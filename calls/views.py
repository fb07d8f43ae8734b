from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .permissions import get_call_for
from .selectors import call_list as select_calls
from .selectors import collected_practices


@require_safe
def call_list(request: HttpRequest) -> HttpResponse:
    return render(request, "calls/call_list.html", {"calls": select_calls(user=request.user)})


@require_safe
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_call_for(request.user, slug)
    context = {"call": call, "now": timezone.now()}
    if call.has_closed:
        context["collected"] = collected_practices(call=call)
    return render(request, "calls/call_detail.html", context)


@require_safe
def criteria(request: HttpRequest) -> HttpResponse:
    """The full publication criteria and the "how to submit" checklist."""
    return render(request, "calls/criteria.html")
