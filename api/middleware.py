"""Headers of the open-data interfaces: read-only CORS and conditional GET (ETag, 304)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe

OPEN_PREFIXES = ("/api/", "/oai")


class OpenApiHeadersMiddleware:
    """For /api/ and /oai: anyone may read from any origin (GET, HEAD, OPTIONS only, no
    credentials), and unchanged responses are answered with 304 Not Modified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(OPEN_PREFIXES):
            return response
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        return self._conditional(request, response)

    def _conditional(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.streaming:
            return response
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        conditional = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        if conditional is not None and conditional is not response:
            for header in ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers"):
                conditional[header] = response[header]
        return conditional or response
