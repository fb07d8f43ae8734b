"""OpenAPI generation: document the error answers the open-data endpoints can give."""

from typing import Any

from drf_spectacular.openapi import AutoSchema

ERROR_BODY = {
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"detail": {"type": "string"}}}
        }
    }
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, **ERROR_BODY}


class OpenDataSchema(AutoSchema):
    """Adds 400 (invalid filter), 404 (unknown item or page) and 429 (throttled) to reads."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if self.method != "GET":
            return responses
        if self._is_list_view():
            responses.setdefault("400", _error("A filter value is not valid."))
        responses.setdefault("404", _error("No such item, or no such page."))
        responses.setdefault("429", _error("Too many requests; try again later."))
        return responses
