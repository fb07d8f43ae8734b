"""Forms of the expert directory: the expert's own profile, a message to an expert, and the
Hub team's reason for sending a profile back."""

import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from repository.filters import whole_number
from submissions.uploads import JPEG, PNG, UploadRejected, clean_upload
from taxonomy.models import Country, Language, Objective, OrganisationType, Principle, Region

from .choices import VISIBLE_FIELDS, Availability, Visibility
from .models import ExpertProfile
from .services import M2M_FIELDS, ProfileData

ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
VISIBILITY_LABELS = {
    "photo": _("Who sees your photo"),
    "organisation": _("Who sees your organisation"),
    "country": _("Who sees your country"),
    "languages": _("Who sees your languages"),
    "bio": _("Who sees the text about you"),
    "expertise": _("Who sees your expertise"),
    "objectives": _("Who sees your objectives and principles"),
    "experience": _("Who sees the regions and countries of your experience"),
    "orcid": _("Who sees your ORCID iD"),
    "links": _("Who sees your publications and links"),
    "availability": _("Who sees what you are available for"),
}


class ChoicesById(forms.ModelMultipleChoiceField):
    """Several vocabulary rows chosen by id. An id that is not a whole number in ASCII digits
    within the database's range (a forged "99999999999999999999", "١٢٣", "²") is a form error,
    not a query the database cannot run."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            if whole_number(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super().clean(value)


class ProfileForm(forms.ModelForm):
    availability = forms.MultipleChoiceField(
        label=_("Available for"),
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "name",
            "photo",
            "organisation",
            "organisation_type",
            "country",
            "languages",
            "bio",
            "bio_language",
            "expertise",
            "objectives",
            "principles",
            "regions",
            "countries",
            "orcid",
            "links",
            "availability",
            "gender",
        ]
        field_classes = dict.fromkeys(M2M_FIELDS, ChoicesById)
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "objectives": forms.CheckboxSelectMultiple,
            "principles": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "countries": forms.SelectMultiple(attrs={"size": 8}),
            "bio": forms.Textarea(attrs={"rows": 6}),
            "links": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "bio": _("A few sentences in your own language: what you work on and have done."),
            "photo": _("Optional. A PNG or JPEG image; its metadata is removed."),
            "countries": _("Hold Ctrl (or Cmd) to choose several countries."),
            "gender": _(
                "Optional. Never shown on your profile; only counted to keep the directory balanced."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        choices = {
            "objectives": Objective.objects.order_by("number"),
            "principles": Principle.objects.all(),
            "regions": Region.objects.filter(level=Region.Level.REGION).order_by("name"),
            "countries": Country.objects.order_by("name"),
            "country": Country.objects.order_by("name"),
            "languages": Language.objects.all(),
            "bio_language": Language.objects.all(),
            "organisation_type": OrganisationType.objects.all(),
        }
        for name, queryset in choices.items():
            cast(forms.ModelChoiceField, fields[name]).queryset = queryset
        fields["photo"].widget = forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg"})
        current = self.instance.visibility if self.instance and self.instance.pk else {}
        for name, default in VISIBLE_FIELDS.items():
            fields[f"visibility_{name}"] = forms.ChoiceField(
                label=VISIBILITY_LABELS[name],
                choices=Visibility.choices,
                initial=current.get(name, default),
            )

    def visibility_fields(self) -> list[Any]:
        return [self[f"visibility_{name}"] for name in VISIBLE_FIELDS]

    def clean_orcid(self) -> str:
        value = self.cleaned_data.get("orcid", "").strip().removeprefix("https://orcid.org/")
        if value and not ORCID.match(value):
            raise forms.ValidationError(
                _("An ORCID iD has four groups of four digits, such as 0000-0002-1825-0097."),
                code="orcid",
            )
        return value

    def clean_photo(self) -> Any:
        uploaded = self.cleaned_data.get("photo")
        if not uploaded or not hasattr(uploaded, "content_type"):
            return uploaded  # unchanged, or cleared
        try:
            cleaned = clean_upload(uploaded)
        except UploadRejected as error:
            raise forms.ValidationError(error.messages, code="upload") from None
        if cleaned.mime not in (PNG.mime, JPEG.mime):
            raise forms.ValidationError(_("Your photo must be a PNG or JPEG image."), code="photo")
        return ContentFile(cleaned.content, name=cleaned.name)

    def profile_data(self) -> ProfileData:
        data = self.cleaned_data
        fields = {
            name: data[name] for name in self.Meta.fields if name not in M2M_FIELDS and name in data
        }
        if fields.get("photo") is None and "photo" in fields:
            fields["photo"] = self.instance.photo if self.instance.pk else ""
        if fields.get("photo") is False:  # "clear" ticked
            fields["photo"] = ""
        return ProfileData(
            fields=fields,
            relations={name: data[name] for name in M2M_FIELDS},
            visibility={name: data[f"visibility_{name}"] for name in VISIBLE_FIELDS},
        )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("What should the expert change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
