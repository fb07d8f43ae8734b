from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from experts.forms import ChoicesById
from experts.models import ExpertProfile
from taxonomy.models import Country, Language, Objective

from .choices import Rating, RequestStatus, SupportType

TEXT_MAX = 10000


class RequestForm(forms.Form):
    country: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name"), empty_label=_("Choose")
    )
    institution = forms.CharField(label=_("Institution"), max_length=200)
    title = forms.CharField(label=_("Title of the request"), max_length=200)
    need = forms.CharField(
        label=_("What do you need?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The situation, what has been tried, and what help would change."),
    )
    objectives: forms.ModelMultipleChoiceField = ChoicesById(
        label=_("GCM objectives"),
        queryset=Objective.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Suggested from what you wrote; change them as you see fit."),
    )
    support_type = forms.ChoiceField(
        label=_("Type of support"), choices=SupportType.choices, widget=forms.RadioSelect
    )
    timeline = forms.CharField(
        label=_("Timeline"),
        max_length=200,
        required=False,
        help_text=_("For example: a workshop before June, advice over six months."),
    )
    languages: forms.ModelMultipleChoiceField = ChoicesById(
        label=_("Languages the support should be in"),
        queryset=Language.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    share_summary = forms.BooleanField(
        label=_("Share an anonymised summary with possible partners"),
        required=False,
        help_text=_(
            "The request stays private to the Hub team. With this, signed-in partners read the "
            "summary below (not your name, institution or country) and can offer help."
        ),
    )
    public_summary = forms.CharField(
        label=_("Anonymised summary"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objectives"].label_from_instance = (  # type: ignore[attr-defined]
            lambda o: f"{o.number}. {o.short_name}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("share_summary") and not (data.get("public_summary") or "").strip():
            self.add_error(
                "public_summary", _("Write the anonymised summary, or choose not to share one.")
            )
        return data


MOVES = (
    (RequestStatus.ASSESSMENT, _("Start the assessment")),
    (RequestStatus.NEEDS_INFORMATION, _("Ask the requester for more information")),
    (RequestStatus.ACCEPTED, _("Accept the request")),
    (RequestStatus.DECLINED, _("Decline the request")),
    (RequestStatus.CLOSED, _("Close the request")),
)


class MoveForm(forms.Form):
    to = forms.ChoiceField(label=_("Next step"), choices=())
    note = forms.CharField(
        label=_("Message to the requester"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent by e-mail. Required to decline (the reason) or to ask for information."),
    )

    def __init__(
        self, *args: Any, targets: frozenset[str], current: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(MOVES)
        if current == RequestStatus.MATCHED:
            labels[RequestStatus.ACCEPTED] = _("Withdraw the proposal")
        choices = [(value, labels[value]) for value, _label in MOVES if value in targets]
        # Nothing chosen in advance: a click on "Move" must never withdraw or close by default.
        self.fields["to"].choices = [("", _("Choose")), *choices]  # type: ignore[attr-defined]


class ProposeForm(forms.Form):
    experts = ChoicesById(
        label=_("Experts"),
        queryset=ExpertProfile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.CharField(
        label=_("Partners"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Organisations that could implement the support, one a line."),
    )
    note = forms.CharField(
        label=_("Message to the requester"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = experts  # type: ignore[attr-defined]
        self.fields["experts"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=200)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CompleteForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the Hub team reads it."),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the support?"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class InterestForm(forms.Form):
    note = forms.CharField(
        label=_("How could your organisation help?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
