"""allauth's e-mails speak for the Hub: greeted and signed with its name and address, not the
bare host name allauth takes from the request when the sites framework is not installed."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter

from .links import hub_site


class AccountAdapter(DefaultAccountAdapter):
    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> Any:
        context = {**context, "current_site": hub_site(context.get("request"))}
        return super().render_mail(template_prefix, email, context, headers)
