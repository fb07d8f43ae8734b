"""``/api/v1/pledges/``: the public pledges with the listing's facets, their objectives,
countries, status, the published progress updates and the practices linked to them."""

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from pledges.choices import UpdateStatus
from pledges.models import Pledge, PledgeUpdate
from pledges.selectors import FACETS, chosen, public_pledges

from .views import OpenDataViewSet


class UpdateSerializer(serializers.Serializer):
    updated_on = serializers.DateTimeField(source="decided_at")
    text = serializers.CharField()
    language = serializers.CharField(help_text="ISO 639-1")


class PledgeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField(help_text="In the request's language when translated.")
    description = serializers.CharField()
    entity = serializers.CharField()
    entity_type = serializers.CharField(help_text="state or un_entity")
    status = serializers.CharField(help_text="planned, in_progress, fulfilled or withdrawn")
    objectives = serializers.SerializerMethodField(help_text="GCM objective numbers")
    countries = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2")
    pledged_on = serializers.DateField(allow_null=True)
    updated_on = serializers.SerializerMethodField(help_text="the latest published update")
    updates = UpdateSerializer(many=True, source="published_updates")
    practices = serializers.SerializerMethodField(help_text="slugs of linked practices")
    url = serializers.SerializerMethodField()

    def get_objectives(self, pledge: Pledge) -> list[int]:
        return sorted(o.number for o in pledge.objectives.all())

    def get_countries(self, pledge: Pledge) -> list[str]:
        return sorted(c.code for c in pledge.countries.all())

    def get_updated_on(self, pledge: Pledge) -> Any:
        updates = pledge.published_updates  # type: ignore[attr-defined]
        return updates[0].decided_at if updates else None

    def get_practices(self, pledge: Pledge) -> list[str]:
        return [p.slug for p in pledge.practices.all() if p.is_published]

    def get_url(self, pledge: Pledge) -> str:
        request = self.context.get("request")
        path = pledge.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.STR, many=True, description=f"facet: {name}")
    for name in FACETS
]


@extend_schema_view(list=extend_schema(parameters=PARAMETERS))
class PledgeViewSet(OpenDataViewSet):
    """Public pledges. Facets (objective, status, type, region, country) repeat for
    alternatives, as on the listing page."""

    lookup_field = "slug"
    serializer_class = PledgeSerializer

    def get_queryset(self) -> Any:
        selected = chosen(self.request.query_params) if self.action == "list" else {}
        published = PledgeUpdate.objects.filter(status=UpdateStatus.APPROVED).order_by(
            "-decided_at", "-pk"
        )
        return (
            public_pledges(selected)
            .order_by("entity", "title", "pk")
            .prefetch_related(
                "objectives",
                "countries",
                "practices",
                Prefetch("updates", queryset=published, to_attr="published_updates"),
            )
        )
