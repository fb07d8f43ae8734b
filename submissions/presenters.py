"""Turning stored draft data into labelled, human-readable sections (pages, PDF, reviews)."""

from typing import Any

from django.utils.translation import gettext

from .fields import ContentType, FieldSpec, Kind
from .vocabularies import label_map


def display_value(spec: FieldSpec, value: Any) -> str:
    """A stored value as text in the active language ('' when empty)."""
    if value in (None, "", []):
        return ""
    if spec.kind == Kind.BOOL:
        return gettext("Yes") if value else gettext("No")
    if spec.vocabulary is not None:
        labels = label_map(spec.vocabulary)
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in items)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def present(
    content_type: ContentType, data: dict[str, Any], *, public_only: bool = False
) -> list[dict[str, Any]]:
    """Steps with their filled fields: [{"title", "rows": [{"name", "label", "value"}]}]."""
    sections = []
    for step in content_type.steps:
        rows = []
        for spec in step.fields:
            if public_only and not spec.public:
                continue
            text = display_value(spec, data.get(spec.name))
            if text:
                rows.append(
                    {"name": spec.name, "label": spec.label, "value": text, "kind": spec.kind}
                )
        if rows:
            sections.append({"slug": step.slug, "title": step.title, "rows": rows})
    return sections
