from typing import Any

from django import template

from core.related import related_sections

register = template.Library()


@register.inclusion_tag("core/_related_sections.html", takes_context=True)
def related_sections_for(context: Any, obj: Any) -> dict:
    """The sections of links higher apps register for ``obj`` (core/related.py)."""
    request = context.get("request")
    return {"sections": related_sections(obj, getattr(request, "user", None))}
