from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import FlagReason, Language
from .services import BODY_MAX


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ContributionForm(forms.Form):
    body = forms.CharField(
        label=_("Your contribution"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain text; Markdown for emphasis, lists, links and quotes (start a line with >). "
            "Write @ and a participant's name to mention them. Never name victims or "
            "give details that identify a person."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of your text"),
        choices=[("", _("Detect it for me")), *Language.choices],
        required=False,
    )
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Attach files (optional)"),
        required=False,
        widget=MultipleFileInput(),
        help_text=_("PDF, Word, Excel or images; they are checked and cleaned of metadata."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Filled only by robots: the field is hidden from people (CSS and aria-hidden).
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class QuestionForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=300)
    body = forms.CharField(
        label=_("Explanation (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = forms.ChoiceField(label=_("Language of the question"), choices=Language.choices)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=FlagReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Details (optional)"), max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("The author and the moderation log show it."),
    )


class SynthesisForm(forms.Form):
    text = forms.CharField(
        label=_("Synthesis"), widget=forms.Textarea(attrs={"rows": 14}), help_text=_("Markdown.")
    )
