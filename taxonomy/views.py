from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from .selectors import objective_styles_css, vocabulary_version


@require_safe
@cache_control(public=True, max_age=3600)
@condition(etag_func=lambda request: vocabulary_version())
def objective_styles(request: HttpRequest) -> HttpResponse:
    """One CSS rule per objective giving its badge colour. Colours are vocabulary data, and
    the Content Security Policy forbids inline styles, so they are served as a stylesheet."""
    return HttpResponse(objective_styles_css(), content_type="text/css; charset=utf-8")
