import zoneinfo

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Language, OrganisationType

from .models import User


def time_zone_choices() -> list[tuple[str, str]]:
    return [(z, z.replace("_", " ")) for z in sorted(zoneinfo.available_timezones())]


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to e-mail and password."""

    name = forms.CharField(label=_("Full name"), max_length=150)
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and the privacy notice"),
        required=True,
        error_messages={"required": _("Tick this box to accept the terms and create the account.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Built here, in the request's language, so the links open the pages in that language.
        self.fields["accept_terms"].help_text = format_html(
            gettext(
                'Read the <a href="{terms}">terms of use</a> and how we handle your data in the '
                '<a href="{privacy}">privacy notice</a>.'
            ),
            terms=reverse("core:terms"),
            privacy=reverse("core:privacy"),
        )

    def signup(self, request, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.language = request.LANGUAGE_CODE
        user.terms_accepted_at = timezone.now()
        user.save(update_fields=["name", "language", "terms_accepted_at"])


class ProfileForm(forms.ModelForm):
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("The organisation you work for, in full."),
    )
    working_languages: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Working languages"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = [
            "name",
            "organisation_type",
            "country",
            "is_un",
            "time_zone",
            "language",
            "email_digest",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation_type"].queryset = OrganisationType.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.fields["name"].required = True
        if self.instance.pk:
            self.fields["organisation_name"].initial = (
                self.instance.organisation.name if self.instance.organisation else ""
            )
            self.fields["working_languages"].initial = list(
                self.instance.working_languages.values_list("pk", flat=True)
            )


class AccountDeleteForm(forms.Form):
    """Deleting an account asks for the password again: a borrowed session is not enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
