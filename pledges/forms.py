from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.workflow import workflow_of

from .choices import PledgeStatus
from .models import Pledge


class UpdateForm(forms.Form):
    """A focal point's progress update, in the language it is written in."""

    text = forms.CharField(
        label=_("What has been done since the last update"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    language = forms.ChoiceField(label=_("Language of the text"))
    new_status = forms.ChoiceField(
        label=_("Status of the pledge after this update"),
        required=False,
        help_text=_("Applied when the Hub team approves the update."),
    )

    def __init__(self, *args: Any, pledge: Pledge, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": (get_language() or "en").split("-")[0]})
        super().__init__(*args, **kwargs)
        languages = [(code.split("-")[0], name) for code, name in settings.LANGUAGES]
        cast(forms.ChoiceField, self.fields["language"]).choices = languages
        targets = workflow_of(pledge).targets(pledge.status) - {PledgeStatus.DRAFT}
        labels = dict(PledgeStatus.choices)
        choices: list[tuple[str, Any]] = [
            ("", _("Unchanged: %(status)s") % {"status": labels[pledge.status]})
        ]
        choices += [(value, labels[value]) for value in PledgeStatus.values if value in targets]
        cast(forms.ChoiceField, self.fields["new_status"]).choices = choices


class DecideForm(forms.Form):
    """The Hub team's decision on one update."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Publish")), ("decline", _("Do not publish"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Note to the focal point"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required when the update is not published."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", _("Tell the focal point why the update is not published."))
        return data
