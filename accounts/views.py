from typing import cast

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from .forms import AccountDeleteForm, ProfileForm
from .models import User
from .personal_data import account_erase, personal_data
from .services import profile_update


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own profile."""
    user = cast(User, request.user)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        profile_update(
            user=user,
            organisation_name=data.pop("organisation_name"),
            languages=data.pop("working_languages"),
            **data,
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_GET
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """Everything the Hub holds about the signed-in person, as a JSON file (docs/privacy.md)."""
    response = JsonResponse(
        personal_data(cast(User, request.user)), json_dumps_params={"indent": 1}
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="hub-personal-data-{day}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete one's own account after typing the password again (docs/privacy.md)."""
    user = cast(User, request.user)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST":
        if is_ratelimited(request, group="account-delete", key="user", rate="5/h", increment=True):
            raise Ratelimited
        if form.is_valid():
            account_erase(user=user, actor=user)
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("/")
    return render(request, "accounts/delete.html", {"form": form})


def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """Stands in for the admin's own sign-in form, which has no second factor and no lockout.

    Nobody signs in here: a visitor is sent to the Hub's sign-in page (allauth, with the second
    factor and its lockout) and comes back afterwards; nothing posted here is read.
    """
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if next_url.startswith(reverse("admin:login")) or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, reverse("account_login"))
    if admin.site.has_permission(request):
        return redirect(next_url)
    raise PermissionDenied(_("Your account does not give access to the administration pages."))
