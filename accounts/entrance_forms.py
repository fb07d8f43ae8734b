"""allauth's sign-in and sign-up forms in the Hub's own words (ACCOUNT_FORMS).

Kept apart from forms.py: allauth's forms import the sign-up extra form from there.
"""

from allauth.account.forms import LoginForm, SignupForm
from django.utils.translation import gettext_lazy as _


class HubLoginForm(LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class HubSignupForm(SignupForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password2"].label = _("Repeat the password")
        for field in self.fields.values():  # the labels say it; no grey hints repeating them
            field.widget.attrs.pop("placeholder", None)
        # The terms come last, just above the button that accepts them.
        self.order_fields(["email", "name", "password1", "password2", "accept_terms"])
