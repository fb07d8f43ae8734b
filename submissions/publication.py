"""From a submission to the record the repository publishes: the submission side of the seam.

A submission's latest version is keyed by the form's field names (``fields.py``); the repository
takes the practice exchange format of DESIGN.md (the JSON Lines format of ``import_practices``).
This module is the only place that knows both: ``publication_data`` turns the version into an
exchange-format object, which the repository validates exactly as it validates an imported line
(``repository.interchange.validate_item``). The submission side hands over plain data, not the
repository's record classes, because the layers run the other way (repository imports
submissions); the orchestration in ``reviews.services.publication`` calls both.

``publication_problems`` adds the rules that only the submission knows (a completed practice
needs its end year), and ``describe_problems`` names each problem with the form's label, so the
Hub team reads "End year", not ``end_year``.
"""

from collections.abc import Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .fields import ContentType, FieldSpec, Kind
from .models import Submission

# Form fields whose exchange-format key differs.
RENAMED = {"practice_type": "type", "resource_type": "type"}
# Public in the form but about the submission, not the practice: never published.
SUBMISSION_ONLY = frozenset({"completion", "on_behalf"})
# Problems found on the submission side: (exchange-format key, message).
Problem = tuple[str, str | Promise]


def latest_data(submission: Submission) -> dict[str, Any]:
    """The content of the latest submitted version (the draft's data when none was frozen)."""
    version = submission.versions.order_by("-number").first()
    return dict(version.data if version else submission.data)


def published_fields(content_type: ContentType) -> list[FieldSpec]:
    """The form's fields that reach the public record: public, not a confirmation box, not
    about the submission itself."""
    return [
        spec
        for spec in content_type.all_fields()
        if spec.public and spec.kind != Kind.BOOL and spec.name not in SUBMISSION_ONLY
    ]


def _whole_numbers(values: Any) -> list[Any]:
    """Objective, SDG and M49 keys are stored as text by the form; the format wants numbers
    (anything else is passed through for the validation to name)."""
    items = values if isinstance(values, list) else [values]
    return [int(v) if isinstance(v, str) and v.isascii() and v.isdigit() else v for v in items]


NUMBERED = frozenset({"objectives", "secondary_objectives", "sdgs", "regions"})


def _value(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == Kind.MULTI:
        value = value or []
        return _whole_numbers(value) if spec.name in NUMBERED else value
    if spec.kind == Kind.URLS:
        return value or []
    if spec.kind == Kind.YEAR:
        text = str(value).strip() if value is not None else ""
        return int(text) if text.isascii() and text.isdigit() else (value or None)
    if spec.name == "authors":
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]
    return value


def publication_data(submission: Submission) -> dict[str, Any]:
    """The submission's latest version as one object of the exchange format (no slug: the
    repository chooses it)."""
    data = latest_data(submission)
    record: dict[str, Any] = {
        RENAMED.get(spec.name, spec.name): _value(spec, data.get(spec.name))
        for spec in published_fields(submission.spec)
    }
    record["call"] = submission.call.slug if submission.call else None
    return record


def publication_problems(submission: Submission) -> list[Problem]:
    """What stops publication that only the submission can tell (the exchange format accepts
    a practice without an end year: it reads as ongoing)."""
    data = latest_data(submission)
    problems: list[Problem] = []
    completed = submission.content_type == "practice" and data.get("completion") == "completed"
    if completed and data.get("end_year") in (None, ""):
        problems.append(("end_year", _("a completed practice needs its end year")))
    return problems


def field_label(content_type: ContentType, key: str) -> str | Promise:
    """The form's label of an exchange-format key (the key itself when the form has none)."""
    names = {RENAMED.get(spec.name, spec.name): spec.label for spec in content_type.all_fields()}
    return names.get(key, key)


def describe_problems(content_type: ContentType, problems: Sequence[Problem]) -> str:
    """Each problem as "label: message", joined, in the active language."""
    seen: dict[str, None] = {}
    for key, message in problems:
        seen[f"{field_label(content_type, key)}: {message}"] = None
    return "; ".join(seen)
