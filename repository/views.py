from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calls.selectors import open_calls


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What the Hub is, the calls open now and the latest practices."""
    return render(
        request,
        "repository/home.html",
        {"open_calls": open_calls(limit=3), "latest_practices": []},
    )
