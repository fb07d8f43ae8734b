"""``/api/v1/experts/``: the listed experts, with the directory's search and facets, and only what
each expert shows to everyone (never an e-mail address)."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from experts.models import ExpertProfile
from experts.permissions import sees
from experts.selectors import FACETS, directory

from .views import OpenDataViewSet

VISITOR = AnonymousUser()


class ExpertSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    organisation = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2")
    languages = serializers.SerializerMethodField(help_text="ISO 639-1 codes")
    objectives = serializers.SerializerMethodField(help_text="GCM objective numbers")
    expertise = serializers.SerializerMethodField()
    verified = serializers.BooleanField(source="is_verified")
    url = serializers.SerializerMethodField()

    def _shown(self, profile: ExpertProfile, field: str) -> bool:
        return sees(VISITOR, profile, field)

    def get_organisation(self, profile: ExpertProfile) -> str | None:
        return profile.organisation if self._shown(profile, "organisation") else None

    def get_country(self, profile: ExpertProfile) -> str | None:
        country = profile.country
        return country.code if country and self._shown(profile, "country") else None

    def get_languages(self, profile: ExpertProfile) -> list[str]:
        shown = self._shown(profile, "languages")
        return [lang.code for lang in profile.languages.all()] if shown else []

    def get_objectives(self, profile: ExpertProfile) -> list[int]:
        shown = self._shown(profile, "objectives")
        return sorted(o.number for o in profile.objectives.all()) if shown else []

    def get_expertise(self, profile: ExpertProfile) -> list[str]:
        return profile.expertise_list() if self._shown(profile, "expertise") else []

    def get_url(self, profile: ExpertProfile) -> str:
        request = self.context.get("request")
        path = profile.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


FACET_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="search in any language (relevance order)"),
    *(
        OpenApiParameter(name, OpenApiTypes.STR, many=True, description=f"facet: {name}")
        for name in FACETS
    ),
]


@extend_schema_view(list=extend_schema(parameters=FACET_PARAMETERS))
class ExpertViewSet(OpenDataViewSet):
    """Listed experts. Facets repeat for alternatives, as on the directory page; ``q`` orders by
    relevance."""

    lookup_field = "slug"
    serializer_class = ExpertSerializer

    def get_queryset(self) -> Any:
        return ExpertProfile.objects.listed()

    def fresh_list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        chosen = {name: request.query_params.getlist(name) for name in FACETS}
        found = directory(VISITOR, chosen, request.query_params.get("q", "")[:200])
        page = self.paginate_queryset(found.profiles)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self) -> ExpertProfile:
        profile = self.get_queryset().filter(slug=self.kwargs["slug"]).first()
        if profile is None:
            raise Http404
        return profile
