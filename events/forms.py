from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from repository.models import Practice, Resource

from .choices import Audience, EventFormat
from .models import Event


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class RegistrationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language you will follow in"), required=False)
    note = forms.CharField(
        label=_("Why you wish to take part"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = [(lang.code, lang.name) for lang in event.interpretation_languages.all()]
        _choice(self, "language").choices = [("", _("No preference")), *languages]
        if event.is_restricted:
            self.fields["note"].required = True
            self.fields["note"].help_text = _(
                "The organisers read it before they confirm your seat."
            )
        else:
            del self.fields["note"]


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("1", _("Accept")), ("0", _("Decline"))], coerce=lambda v: v == "1"
    )


def _https_urls(field, **kwargs: Any) -> Any:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EventEditForm(forms.ModelForm):
    """What organisers change on their event: time, place, link; afterwards, the recording,
    the summary and the linked practices and resources."""

    summary = forms.FileField(label=_("Summary report (PDF or Word)"), required=False)
    practices = forms.ModelMultipleChoiceField(
        queryset=Practice.objects.published(),
        required=False,
        label=_("Linked practices"),
        widget=forms.CheckboxSelectMultiple,
    )
    resources = forms.ModelMultipleChoiceField(
        queryset=Resource.objects.published(),
        required=False,
        label=_("Linked resources"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        formfield_callback = _https_urls
        fields = ["starts_at", "ends_at", "place", "platform", "join_url", "recording_url"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }


class FacetForm(forms.Form):
    """The listing's filters (GET): shown as a form that works without JavaScript."""

    objective = forms.TypedChoiceField(
        label=_("GCM objective"), required=False, coerce=int, empty_value=None
    )
    format = forms.ChoiceField(label=_("Format"), required=False)
    language = forms.ChoiceField(label=_("Interpretation language"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)

    def __init__(self, *args: Any, objectives: Any, languages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Any"))]
        _choice(self, "objective").choices = every + [(o.number, str(o)) for o in objectives]
        _choice(self, "format").choices = every + list(EventFormat.choices)
        _choice(self, "language").choices = every + [(lang.code, lang.name) for lang in languages]
        _choice(self, "audience").choices = every + list(Audience.choices)
