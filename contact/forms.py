from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from calls.models import Call

from .choices import Category

BODY_MAX = 5000


class ContactForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices)
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We answer to this address; it is never published."),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # Filled only by robots: the field is hidden from people (CSS and aria-hidden).
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    call = forms.SlugField(required=False, widget=forms.HiddenInput)
    page = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_call(self) -> Call | None:
        slug = self.cleaned_data.get("call")
        return Call.objects.filter(slug=slug).first() if slug else None

    def clean_page(self) -> str:
        page = (self.cleaned_data.get("page") or "").strip()
        # A path on this site only; anything else is dropped rather than refused.
        return page if page.startswith("/") and not page.startswith("//") else ""


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Sent by e-mail to the sender, in plain text."),
    )


class AssignForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Handled by"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = team  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]
