"""Forms of the roster: the application, the curator's decision and the list filter."""

from typing import Any, cast

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from submissions.uploads import DOCX, PDF, UploadRejected, clean_upload
from taxonomy.models import Country, Language, Objective, Region, Theme

from ..choices import ApplicationStatus
from ..models import RosterApplication

CV_TYPES = (PDF, DOCX)
CV_WRONG_TYPE = _("Your CV must be a PDF or a Word (DOCX) document.")
MAX_YEARS = 70
MAX_REVIEWS_A_YEAR = 24

UN_CHOICES = [
    ("false", _("External: I do not work for a UN entity")),
    ("true", _("Internal: I work for a UN entity")),
]


def _to_bool(value: str) -> bool:
    return value == "true"


class RosterApplicationForm(forms.ModelForm):
    """What a person tells the Hub team about their expertise when they apply to review."""

    is_un = forms.TypedChoiceField(
        label=_("UN entity or external"),
        choices=UN_CHOICES,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        help_text=_("Each item is reviewed by at least one UN and two external reviewers."),
    )

    class Meta:
        model = RosterApplication
        fields = [
            "objectives",
            "themes",
            "reading_languages",
            "regions",
            "countries",
            "years_experience",
            "is_un",
            "organisation",
            "publications",
            "cv",
            "reviews_per_year",
            "conflicts",
            "gender",
            "motivation",
        ]
        widgets = {
            "objectives": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "reading_languages": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "countries": forms.SelectMultiple(attrs={"size": 10}),
            "publications": forms.Textarea(attrs={"rows": 4}),
            "conflicts": forms.Textarea(attrs={"rows": 4}),
            "motivation": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "objectives": _("Choose the objectives of the Global Compact you know well."),
            "themes": _("Choose the cross-cutting issues you can assess."),
            "reading_languages": _("Submissions are only sent to you in these languages."),
            "countries": _("Hold Ctrl (or Cmd) to choose several countries."),
            "publications": _("One reference or web address per line. Publications are desirable."),
            "cv": _("A PDF or Word (DOCX) document. Its metadata is removed when you upload it."),
            "reviews_per_year": _("Reviewers usually take part in about two review rounds a year."),
            "gender": _("Only used to keep the roster balanced. Leave it empty if you prefer."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        for name, queryset in (
            ("objectives", Objective.objects.order_by("number")),
            ("themes", Theme.objects.filter(is_active=True)),
            ("reading_languages", Language.objects.all()),
            ("regions", Region.objects.order_by("name")),
            ("countries", Country.objects.order_by("name")),
        ):
            cast(forms.ModelChoiceField, fields[name]).queryset = queryset
        fields["years_experience"].widget.attrs.update(min=0, max=MAX_YEARS)
        fields["reviews_per_year"].widget.attrs.update(min=1, max=MAX_REVIEWS_A_YEAR)
        fields["cv"].widget = forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"})
        self.initial["is_un"] = "true" if self.initial.get("is_un") else "false"

    def clean_years_experience(self) -> int:
        value = self.cleaned_data["years_experience"]
        if value > MAX_YEARS:
            raise forms.ValidationError(
                _("Enter at most %(limit)d years."), params={"limit": MAX_YEARS}, code="max"
            )
        return value

    def clean_reviews_per_year(self) -> int:
        value = self.cleaned_data["reviews_per_year"]
        if not 1 <= value <= MAX_REVIEWS_A_YEAR:
            raise forms.ValidationError(
                _("Enter a number between 1 and %(limit)d."),
                params={"limit": MAX_REVIEWS_A_YEAR},
                code="range",
            )
        return value

    def clean_cv(self) -> ContentFile | None:
        """Sniff the content (never the name), refuse all but PDF and DOCX, strip metadata."""
        uploaded = self.cleaned_data.get("cv")
        if not uploaded or not hasattr(uploaded, "content_type"):
            return None
        try:
            cleaned = clean_upload(uploaded)
        except UploadRejected as error:
            raise forms.ValidationError(error.messages, code="upload") from None
        if cleaned.mime not in {t.mime for t in CV_TYPES}:
            raise forms.ValidationError(CV_WRONG_TYPE, code="cv_type")
        return ContentFile(cleaned.content, name=cleaned.name)

    def roster_data(self) -> dict[str, Any]:
        """The cleaned values for ``roster_apply`` (the CV travels separately)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "cv"}


class DecisionForm(forms.Form):
    """The curator's message to the applicant; the button pressed says approve or decline."""

    message = forms.CharField(
        label=_("Message to the applicant"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Written in the applicant's language. Edit it before you send it."),
    )


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *ApplicationStatus.choices],
        required=False,
    )
