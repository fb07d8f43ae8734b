"""Read-only open data. Filters are the HTML listings' FilterSets, so `?objective=10&country=KE`
means the same on /en/practices/ and /api/v1/practices/."""

from collections.abc import Callable
from typing import Any

import django_filters
from django.core.cache import cache
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from calls import permissions as calls
from core import pagecache
from repository import permissions as repository
from repository.filters import PracticeFilterSet, ResourceFilterSet, whole_number
from repository.selectors import practices_for_export, published_resources_full
from taxonomy import models as tax

from . import serializers
from .permissions import PolicyPermission
from .schema import OpenDataSchema


class Pagination(PageNumberPagination):
    """Pages of 20 items; ``page_size`` up to 100. An invalid size is an error, not ignored."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int | None:
        raw = request.query_params.get(self.page_size_query_param)
        size = whole_number(raw, largest=self.max_page_size) if raw is not None else None
        if raw is not None and not size:
            raise ValidationError({"page_size": "Give a whole number from 1 to 100."})
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


class StrictFilterBackend(DjangoFilterBackend):
    """The listings' filters, except that a choice or a number given empty (``?sort=``) is an
    error, as the schema says (an enum or an integer), instead of being ignored as in the HTML
    forms."""

    TYPED = (django_filters.ChoiceFilter, django_filters.NumberFilter)

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        for name, field in getattr(filterset_class, "base_filters", {}).items():
            values = request.query_params.getlist(name)
            if isinstance(field, self.TYPED) and any(v.strip() == "" for v in values):
                raise ValidationError({name: "Give a value, or leave the parameter out."})
        return super().filter_queryset(request, queryset, view)


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    """Anonymous, throttled, read-only; responses carry Last-Modified when items have dates.

    Every reader is anonymous here, so what a list or an item answers depends only on the
    address, the language, the host and the content: its data is kept like a public page
    (``core.pagecache``, same key and same content versions) once the throttle and the
    permission have let the request through, and rendered for each request's format."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [AnonRateThrottle]
    schema = OpenDataSchema()
    # Every key reaches the view, so an unknown one gets the API's JSON 404, not an HTML page.
    lookup_value_regex = "[^/]+"
    pagination_class = Pagination
    _last_modified: Any = None

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        stamps = [obj.updated_at for obj in page or [] if hasattr(obj, "updated_at")]
        self._last_modified = max(stamps) if stamps else None
        return page

    def kept(self, request: Request, make: Callable[[], Response]) -> Response:
        """The kept data of this address (with its Last-Modified), or ``make()``'s, kept when
        it answered 200."""
        seconds = pagecache.kept_seconds()
        if seconds <= 0:
            return make()
        key = "api-" + pagecache.page_key(request._request)
        kept = cache.get(key)
        if kept is not None:
            data, self._last_modified = kept
            response = Response(data)
            response["X-Page-Cache"] = "hit"
            return response
        response = make()
        if response.status_code == 200:
            cache.set(key, (response.data, self._last_modified), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.kept(request, lambda: self.fresh_list(request, *args, **kwargs))

    def fresh_list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.kept(request, self.fresh_item)

    def fresh_item(self) -> Response:
        instance = self.get_object()
        self._last_modified = getattr(instance, "updated_at", None)
        return Response(self.get_serializer(instance).data)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._last_modified is not None and response.status_code == 200:
            response["Last-Modified"] = http_date(self._last_modified.timestamp())
        return response


class PracticeViewSet(OpenDataViewSet):
    """Published practices. Facet parameters repeat for alternatives: `?objective=10&objective=7`."""

    lookup_field = "slug"
    filter_backends = [StrictFilterBackend]
    filterset_class = PracticeFilterSet
    permission_classes = [PolicyPermission]
    policy, policy_action = repository.policy, repository.RepositoryAction.VIEW

    def get_queryset(self) -> Any:
        return practices_for_export()

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return serializers.PracticeDetailSerializer
        return serializers.PracticeSerializer


class ResourceViewSet(OpenDataViewSet):
    """Published knowledge resources, with the same facets as practices."""

    lookup_field = "slug"
    filter_backends = [StrictFilterBackend]
    filterset_class = ResourceFilterSet
    serializer_class = serializers.ResourceSerializer
    permission_classes = [PolicyPermission]
    policy, policy_action = repository.policy, repository.RepositoryAction.VIEW

    def get_queryset(self) -> Any:
        return published_resources_full()


class CallViewSet(OpenDataViewSet):
    """Calls for practices (open, scheduled, closed and archived)."""

    lookup_field = "slug"
    serializer_class = serializers.CallSerializer
    permission_classes = [PolicyPermission]
    policy, policy_action = calls.policy, calls.CallAction.VIEW

    def get_queryset(self) -> Any:
        return (
            self.policy.instances(self.request.user, self.policy_action)
            .prefetch_related("objectives")
            .order_by("-deadline")
        )


def vocabulary(model: Any, serializer: Any, lookup: str, doc: str) -> type[OpenDataViewSet]:
    """A read-only, unpaginated endpoint for one vocabulary."""
    attrs = {
        "__doc__": doc,
        "queryset": model.objects.all(),
        "serializer_class": serializer,
        "lookup_field": lookup,
        "pagination_class": None,
    }
    return type(f"{model.__name__}VocabularyViewSet", (OpenDataViewSet,), attrs)


VOCABULARIES = {
    "objectives": vocabulary(
        tax.Objective, serializers.ObjectiveSerializer, "number", "GCM objectives."
    ),
    "principles": vocabulary(
        tax.Principle, serializers.TermSerializer, "slug", "Guiding principles."
    ),
    "sdgs": vocabulary(
        tax.SDG, serializers.SDGSerializer, "number", "Sustainable Development Goals."
    ),
    "countries": vocabulary(
        tax.Country, serializers.CountrySerializer, "code", "ISO 3166 countries."
    ),
    "regions": vocabulary(tax.Region, serializers.RegionSerializer, "m49", "UN M49 regions."),
    "scope-levels": vocabulary(tax.ScopeLevel, serializers.TermSerializer, "slug", "Scope levels."),
    "practice-types": vocabulary(
        tax.PracticeType, serializers.TermSerializer, "slug", "Types of practice."
    ),
    "organisation-types": vocabulary(
        tax.OrganisationType, serializers.TermSerializer, "slug", "Types of organisation."
    ),
    "resource-types": vocabulary(
        tax.ResourceType, serializers.TermSerializer, "slug", "Types of resource."
    ),
    "languages": vocabulary(
        tax.Language, serializers.LanguageSerializer, "code", "Languages (ISO 639-1)."
    ),
}
