"""Forms generated from the field definitions, one per step, plus the small fixed forms."""

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .fields import ON_BEHALF_HELP, ON_BEHALF_LABEL, ContentType, FieldSpec, Kind, Step, Vocabulary
from .vocabularies import options
from .widgets import CountryPicker

LARGE_VOCABULARIES = {Vocabulary.COUNTRIES, Vocabulary.REGIONS, Vocabulary.LANGUAGES}
MIN_YEAR, MAX_YEAR = 1950, 2100
MAX_REVISION = 2_147_483_647  # the largest value of the revision column on every database

# What a draft keeps of input that does not pass validation (docs/submissions.md, "Limits"):
# text up to RAW_TEXT_FACTOR times the field's limit (RAW_TEXT_DEFAULT for fields without
# one), at most RAW_ITEMS web addresses or ticked options (RAW_OPTION characters each), never
# a NUL character.
RAW_TEXT_FACTOR = 2
RAW_TEXT_DEFAULT = 5_000
RAW_ITEMS = 300
RAW_OPTION = 200
NUL = "\x00"
# Boxes whose help links the page they refer to: field name -> URL name of that page.
NOTICE_LINKS = {"consent_data_protection": "core:privacy"}
# The stage of implementation the Hub does not publish yet (a draft may hold it).
NOT_PUBLISHED_STAGE = "ongoing"


def stored_limit(spec: FieldSpec) -> int:
    """How many characters of a field a draft keeps, even when the text is over its limit."""
    return spec.max_length * RAW_TEXT_FACTOR if spec.max_length else RAW_TEXT_DEFAULT


def _clean_text(value: Any, limit: int) -> str:
    return str(value).replace(NUL, "")[:limit]


def bounded_values(content_type: ContentType, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as a draft may store them, whoever sends them (form, autosave, Word import):
    NUL characters removed, text and lists cut at the limits above."""
    specs = {spec.name: spec for step in content_type.steps for spec in step.fields}
    return {name: _bounded(specs.get(name), value) for name, value in values.items()}


def _bounded(spec: FieldSpec | None, value: Any) -> Any:
    limit = stored_limit(spec) if spec else RAW_TEXT_DEFAULT
    if isinstance(value, str):
        return _clean_text(value, limit)
    if isinstance(value, list):
        item_limit = RAW_OPTION if spec and spec.kind == Kind.MULTI else limit
        return [
            _bounded(None, v) if not isinstance(v, str) else _clean_text(v, item_limit)
            for v in value[:RAW_ITEMS]
        ]
    return value


class URLListField(forms.CharField):
    """Several URLs, one per line; stored as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return [str(v).strip() for v in value if str(v).strip()]
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        validator = URLValidator(schemes=["http", "https"])
        for url in value:
            try:
                validator(url)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("%(url)s is not a valid web address."), params={"url": url}, code="invalid"
                ) from None

    def prepare_value(self, value: Any) -> str:
        return "\n".join(value) if isinstance(value, list) else (value or "")


def _choice_field(spec: FieldSpec, common: dict[str, Any]) -> forms.Field:
    if spec.vocabulary is None:
        raise ValueError(f"{spec.name} needs a vocabulary")
    choices = options(spec.vocabulary)
    if spec.kind == Kind.CHOICE:
        widget = forms.RadioSelect if len(choices) <= 6 else forms.Select
        blank: list[tuple[str, Any]] = [] if widget is forms.RadioSelect else [("", _("Choose…"))]
        return forms.ChoiceField(choices=blank + choices, widget=widget, **common)
    if spec.vocabulary == Vocabulary.COUNTRIES:
        return forms.MultipleChoiceField(
            choices=choices,
            widget=CountryPicker,
            error_messages={
                "invalid_choice": _(
                    "“%(value)s” is not a country of the list: choose a name from the suggestions."
                )
            },
            **common,
        )
    field = forms.MultipleChoiceField(
        choices=choices, widget=forms.CheckboxSelectMultiple, **common
    )
    if spec.max_items:
        field.validators.append(_max_items(spec.max_items))
    return field


def _max_items(limit: int):
    def check(value: list[str]) -> None:
        if len(value) > limit:
            raise forms.ValidationError(
                _("Choose at most %(limit)d."), params={"limit": limit}, code="max_items"
            )

    return check


def build_field(spec: FieldSpec) -> forms.Field:
    """The Django form field for one field definition."""
    common: dict[str, Any] = {
        "label": spec.label,
        "required": spec.required,
        "help_text": spec.help,
    }
    match spec.kind:
        case Kind.TEXT:
            return forms.CharField(max_length=spec.max_length, **common)
        case Kind.TEXTAREA:
            attrs = {"rows": 6}
            return forms.CharField(
                max_length=spec.max_length, widget=forms.Textarea(attrs), **common
            )
        case Kind.YEAR:
            return forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, **common)
        case Kind.EMAIL:
            return forms.EmailField(**common)
        case Kind.URL:
            return forms.URLField(assume_scheme="https", **common)
        case Kind.URLS:
            return URLListField(**common)
        case Kind.BOOL:
            return forms.BooleanField(**common)
        case Kind.CHOICE | Kind.MULTI:
            return _choice_field(spec, common)
    raise ValueError(spec.kind)


class StepForm(forms.Form):
    """A step of the submission form. ``revision`` guards against silent overwrites."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_REVISION)

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        for spec in step.fields:
            self.fields[spec.name] = build_field(spec)
            if spec.name in NOTICE_LINKS:
                self.fields[spec.name].help_text = _notice_help(NOTICE_LINKS[spec.name])

    def raw_values(self) -> dict[str, Any]:
        """What the person typed, kept even when invalid, so nothing is lost by accident:
        NUL characters are dropped and text is cut at ``stored_limit`` (``clean`` tells the
        person when that happened)."""
        return {spec.name: self._raw_value(spec) for spec in self.step.fields}

    def _raw_value(self, spec: FieldSpec) -> Any:
        key, limit = self.add_prefix(spec.name), stored_limit(spec)
        if spec.kind == Kind.MULTI:
            widget = self.fields[spec.name].widget
            values = widget.value_from_datadict(self.data, self.files, key)[:RAW_ITEMS]
            return [_clean_text(v, RAW_OPTION) for v in values]
        if spec.kind == Kind.BOOL:
            return key in self.data
        text = _clean_text(self.data.get(key, ""), limit)
        if spec.kind == Kind.URLS:
            return URLListField().to_python(text)[:RAW_ITEMS]
        if spec.kind == Kind.YEAR:
            text = text.strip()
            return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else text
        return text

    def over_stored_limit(self) -> list[FieldSpec]:
        """The fields whose text was longer than a draft keeps."""
        return [
            spec
            for spec in self.step.fields
            if spec.kind not in (Kind.MULTI, Kind.BOOL)
            and len(str(self.data.get(self.add_prefix(spec.name), ""))) > stored_limit(spec)
        ]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        for spec in self.over_stored_limit():
            self.add_error(
                spec.name,
                forms.ValidationError(
                    _(
                        "This text is much longer than allowed: only its first %(limit)d characters were saved in your draft."
                    ),
                    params={"limit": stored_limit(spec)},
                    code="not_kept",
                ),
            )
        self._check_conditions(cleaned or {})
        return cleaned

    def _check_conditions(self, cleaned: dict[str, Any]) -> None:
        """Fields required only when a box is ticked, and the stage the Hub does not publish."""
        labels = {spec.name: spec.label for spec in self.step.fields}
        for spec in self.step.fields:
            condition = spec.required_if
            if condition and cleaned.get(condition) and cleaned.get(spec.name) in ("", None):
                self.add_error(spec.name, _required_because(labels[condition]))
            if (
                spec.vocabulary == Vocabulary.COMPLETION
                and cleaned.get(spec.name) == NOT_PUBLISHED_STAGE
            ):
                self.add_error(spec.name, _stage_not_published())


def _required_because(condition: Any) -> forms.ValidationError:
    return forms.ValidationError(
        _("Fill this in: it is needed because you ticked “%(condition)s”"),
        params={"condition": condition},
        code="required_if",
    )


def _stage_not_published() -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "The Hub publishes practices that are completed or mostly completed. Keep this draft and submit it once the practice is mostly completed."
        ),
        code="not_completed",
    )


def _notice_help(url_name: str) -> str:
    """A help text linking the notice a box refers to, built in the request's language."""
    return format_html(
        gettext(
            'Read the <a href="{url}" target="_blank">data-protection notice</a> (opens in a new tab).'
        ),
        url=reverse(url_name),
    )


def parse_revision(value: Any) -> int | None:
    """The draft revision a form was loaded at, or None when ``value`` is not one."""
    try:
        return forms.IntegerField(min_value=0, max_value=MAX_REVISION).clean(value)
    except forms.ValidationError:
        return None


def step_initial(step: Step, data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in step.field_names() if name in data}


def validate_content(content_type: ContentType, data: dict[str, Any]) -> dict[str, list[str]]:
    """Every error of the whole content, by step slug and field: what blocks submitting."""
    errors: dict[str, list[str]] = {}
    for step in content_type.steps:
        form = StepForm(data=_as_form_data(step, data), step=step)
        form.fields.pop("revision")
        if not form.is_valid():
            for name, field_errors in form.errors.items():
                errors[f"{step.slug}:{name}"] = [str(e) for e in field_errors]
    return errors


def _as_form_data(step: Step, data: dict[str, Any]):
    query = QueryDict(mutable=True)
    for spec in step.fields:
        value: Any = data.get(spec.name)
        if value in (None, "", [], False):
            continue
        if spec.kind == Kind.MULTI:
            query.setlist(spec.name, [str(v) for v in value])
        elif spec.kind == Kind.URLS:
            query[spec.name] = "\n".join(value) if isinstance(value, list) else str(value)
        elif spec.kind == Kind.BOOL:
            query[spec.name] = "on"
        else:
            query[spec.name] = str(value)
    return query


class EligibilityForm(forms.Form):
    relates_to_objective = forms.BooleanField(
        label=_(
            "The practice relates to at least one objective of the Global Compact for Migration."
        ),
        required=True,
    )
    completion = forms.ChoiceField(
        label=_("How far has the practice been implemented?"),
        choices=[
            ("completed", _("Completed")),
            ("mostly-completed", _("Mostly completed")),
            ("ongoing", _("Ongoing, early stage")),
        ],
        widget=forms.RadioSelect,
    )
    started_after_2018 = forms.ChoiceField(
        label=_("Was it implemented after December 2018, when the Global Compact was adopted?"),
        choices=[("yes", _("Yes")), ("no", _("No, earlier"))],
        widget=forms.RadioSelect,
    )
    on_behalf = forms.BooleanField(label=ON_BEHALF_LABEL, required=False, help_text=ON_BEHALF_HELP)

    def __init__(self, *args: Any, draft_anyway: bool = False, **kwargs: Any) -> None:
        """``draft_anyway``: the person chose to prepare a draft of a practice still ongoing."""
        super().__init__(*args, **kwargs)
        self.draft_anyway = draft_anyway

    def clean_completion(self) -> str:
        value = self.cleaned_data["completion"]
        if value == NOT_PUBLISHED_STAGE and not self.draft_anyway:
            raise forms.ValidationError(
                _(
                    "The Hub publishes practices that are completed or mostly completed, so that their lessons can be shared. You can still prepare a draft now and submit it once the practice is mostly completed."
                ),
                code="not_completed",
            )
        return value

    @property
    def offers_draft_anyway(self) -> bool:
        """Whether to offer "Prepare a draft anyway": only the stage kept the draft from starting."""
        return self.is_bound and self.has_error("completion", "not_completed")


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of your colleague"))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, Excel, PNG or JPEG; at most 20 MB.")
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing it? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportWordForm(forms.Form):
    file = forms.FileField(label=_("Completed Word template (.docx)"))
