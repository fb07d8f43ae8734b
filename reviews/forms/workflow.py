"""Forms of the review workflow."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import Criterion, Outcome, Recommendation

SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ScreeningForm(forms.Form):
    ACTIONS = [
        ("review", _("Send to review")),
        ("clarify", _("Ask the submitter for clarification")),
        ("decline", _("Decline at screening")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when you ask for clarification or decline."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in ("clarify", "decline") and not (data.get("message") or "").strip():
            self.add_error("message", _("Write a message to the submitter."))
        return data


class ReviewForm(forms.Form):
    """The rubric: a 1–5 score and an optional comment per criterion, then the recommendation."""

    comments_to_submitter = forms.CharField(
        label=_("Comments for the submitter"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shared with the submitter without your name."),
    )
    comments_to_team = forms.CharField(
        label=_("Comments for the Hub team only"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    no_conflict = forms.BooleanField(
        label=_("I have no conflict of interest with this submission or its organisations.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = {}
        for criterion in Criterion:
            fields[f"score_{criterion.value}"] = forms.ChoiceField(
                label=criterion.label,
                choices=SCORE_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "score-scale"}),
                help_text=_("1 = poor, 5 = excellent"),
            )
            fields[f"comment_{criterion.value}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**fields, **self.fields}

    def scores(self) -> dict[str, int]:
        return {c.value: int(self.cleaned_data[f"score_{c.value}"]) for c in Criterion}

    def comments(self) -> dict[str, str]:
        return {
            c.value: self.cleaned_data[f"comment_{c.value}"]
            for c in Criterion
            if self.cleaned_data.get(f"comment_{c.value}")
        }


class RespondForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("accept", _("I accept to review")),
            ("decline", _("I decline")),
            ("conflict", _("I have a conflict of interest")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional for a decline; for a conflict of interest, say briefly what it is."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "conflict" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say briefly what the conflict of interest is."))
        return data


class DecisionForm(forms.Form):
    """The decision. While the review rule is not met, an approval needs the explicit override
    box ticked and a reason (``progress`` is the submission's ReviewProgress)."""

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Message to the submitter"), widget=forms.Textarea(attrs={"rows": 8})
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_(
            "For an approval: leave empty to publish now, or choose an instant such as a World Day."
        ),
    )
    override_review_rule = forms.BooleanField(
        label=_("Approve without the full review rule"),
        required=False,
        help_text=_("Only for a rare exception. It is recorded in the history with your reason."),
    )
    override_reason = forms.CharField(
        label=_("Why approve without the full review rule?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, progress: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.progress = progress
        if progress is None or progress.met:
            del self.fields["override_review_rule"]
            del self.fields["override_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") != Outcome.APPROVE or "override_review_rule" not in self.fields:
            data.pop("override_review_rule", None)
            data.pop("override_reason", None)
            return data
        if not data.get("override_review_rule"):
            self.add_error(
                "outcome",
                _("The review rule is not met yet: %(progress)s")
                % {"progress": self.progress.sentence()},
            )
        elif not (data.get("override_reason") or "").strip():
            self.add_error(
                "override_reason", _("Say why you approve without the full review rule.")
            )
        return data
