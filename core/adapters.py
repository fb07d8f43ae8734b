"""allauth's e-mails speak for the Hub: greeted and signed with its name and address, not the
bare host name allauth takes from the request when the sites framework is not installed.

The sign-in lockout counts failures per address only. allauth prefixes the address with the
request's host ("host:port" without the sites framework), and Django accepts any port after an
allowed host name: sending each guess with another port (hub.example.org:1, :2, ...) would have
started a new count of five each time, and so would two web servers reached under different
names."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter

from .links import hub_site


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: Any, **credentials: Any) -> str:
        login = credentials.get("email", credentials.get("username", ""))
        return f"hub:{login.lower()}"

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> Any:
        context = {**context, "current_site": hub_site(context.get("request"))}
        return super().render_mail(template_prefix, email, context, headers)
