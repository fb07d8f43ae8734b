"""The gap map's parameters, shared by the page and the API."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from pledges.selectors import COVERAGE_DIMENSIONS
from repository.facets import FACET_TITLES

from .selectors import CONTENT_KINDS, DIMENSIONS

CONTENT_LABELS = {"practice": _("Practices"), "resource": _("Resources"), "pledge": _("Pledges")}
DIMENSION_CHOICES = [(d, FACET_TITLES[d]) for d in DIMENSIONS]
UNKNOWN = {"invalid_choice": _("Choose one of the values offered.")}


class CoverageForm(forms.Form):
    """Two different dimensions and a kind of content; a missing one takes its default."""

    rows = forms.ChoiceField(label=_("Rows"), choices=DIMENSION_CHOICES, error_messages=UNKNOWN)
    cols = forms.ChoiceField(label=_("Columns"), choices=DIMENSION_CHOICES, error_messages=UNKNOWN)
    content = forms.ChoiceField(
        label=_("Content"),
        choices=[(c, CONTENT_LABELS[c]) for c in CONTENT_KINDS],
        error_messages=UNKNOWN,
    )
    DEFAULTS = {"rows": "objective", "cols": "region", "content": "practice"}

    def __init__(self, params: Any, **kwargs: Any) -> None:
        """``params``: the GET parameters (a repeated one counts by its last value)."""
        data = {name: params.get(name) or default for name, default in self.DEFAULTS.items()}
        super().__init__(data, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rows") and data.get("rows") == data.get("cols"):
            raise forms.ValidationError(
                _("Choose two different dimensions for rows and columns."), code="same"
            )
        chosen = {data.get("rows"), data.get("cols")}
        if data.get("content") == "pledge" and not chosen <= set(COVERAGE_DIMENSIONS):
            raise forms.ValidationError(
                _("Pledges are counted by GCM objective, region and country."), code="pledge"
            )
        return data


class DashboardForm(forms.Form):
    """The team dashboard's one choice: all calls or one call."""

    call: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Call for practices"),
        queryset=Call.objects.order_by("-deadline"),
        to_field_name="slug",
        required=False,
        empty_label=_("All calls and submissions outside calls"),
        error_messages=UNKNOWN,
    )
