"""The attachments section of the practice and resource pages."""

from typing import Any

from django import template

from ..attachments import attachment_links

register = template.Library()


@register.simple_tag
def published_attachments(item: Any, kind: str) -> list[dict[str, Any]]:
    return attachment_links(item, kind)
