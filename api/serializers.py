"""Public representations. Vocabulary terms appear by their stable keys (numbers, slugs, ISO
and M49 codes); names are given in the language asked for with the Accept-Language header."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from calls.models import Call
from repository.models import Practice, Resource
from submissions.fields import get_content_type
from submissions.schema import Api, arrange
from taxonomy import models as tax

# What a practice or resource answer holds comes from the field definitions (``api`` and
# ``api_name`` in submissions/fields.py), plus the record's own keys below. The orders are those
# the API has always answered in; a field the definitions add comes after them.
PRACTICE_OWN_KEYS = ("slug", "call", "featured", "published_at", "url")
PRACTICE_ORDER = (
    "slug",
    "title",
    "summary",
    "language",
    "objectives",
    "secondary_objectives",
    "principles",
    "sdgs",
    "countries",
    "regions",
    "scope",
    "type",
    "start_year",
    "end_year",
    "implementer",
    "implementer_type",
    "partners",
    "call",
    "featured",
    "published_at",
    "licence",
    "url",
)
RESOURCE_OWN_KEYS = ("slug", "published_at", "url")
RESOURCE_ORDER = (
    "slug",
    "title",
    "abstract",
    "language",
    "other_languages",
    "type",
    "publisher",
    "authors",
    "year",
    "objectives",
    "secondary_objectives",
    "principles",
    "countries",
    "regions",
    "scope",
    "published_at",
    "link",
    "url",
)


def answer_fields(content_type: str, answer: Api = Api.LIST) -> list[str]:
    """The keys of a practice or resource answer: a listing's (``LIST``) or one item's."""
    schema = get_content_type(content_type)
    own, order = {
        "practice": (PRACTICE_OWN_KEYS, PRACTICE_ORDER),
        "resource": (RESOURCE_OWN_KEYS, RESOURCE_ORDER),
    }[content_type]
    listed = list(arrange([*own, *schema.api_fields(Api.LIST)], order))
    return listed if answer == Api.LIST else [*listed, *schema.api_fields(Api.DETAIL)]


class _KeysMixin:
    """Fields shared by practices and resources (relations are prefetched by the views)."""

    def get_objectives(self, obj: Any) -> list[int]:
        return [o.number for o in obj.primary_objectives]

    def get_secondary_objectives(self, obj: Any) -> list[int]:
        return [o.number for o in obj.secondary_objectives]

    def get_countries(self, obj: Any) -> list[str]:
        return sorted(c.code for c in obj.countries.all())

    def get_regions(self, obj: Any) -> list[int]:
        return sorted(r.m49 for r in obj.regions.all())

    def get_principles(self, obj: Any) -> list[str]:
        return [p.slug for p in obj.principles.all()]

    def get_url(self, obj: Any) -> str:
        request = self.context.get("request")  # type: ignore[attr-defined]
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class PracticeSerializer(_KeysMixin, serializers.ModelSerializer):
    language = serializers.CharField(source="language.code")
    objectives = serializers.SerializerMethodField(help_text="Primary objectives, in order.")
    secondary_objectives = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2 codes.")
    regions = serializers.SerializerMethodField(help_text="UN M49 codes.")
    principles = serializers.SerializerMethodField()
    sdgs = serializers.SerializerMethodField()
    scope = serializers.CharField(source="scope.slug", allow_null=True)
    type = serializers.CharField(source="practice_type.slug")
    implementer_type = serializers.CharField(source="implementer_type.slug", allow_null=True)
    call = serializers.CharField(source="call.slug", allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = answer_fields("practice")

    def get_sdgs(self, obj: Practice) -> list[int]:
        return sorted(s.number for s in obj.sdgs.all())


class PracticeDetailSerializer(PracticeSerializer):
    class Meta(PracticeSerializer.Meta):
        fields = answer_fields("practice", Api.DETAIL)


class ResourceSerializer(_KeysMixin, serializers.ModelSerializer):
    language = serializers.CharField(source="language.code")
    other_languages = serializers.SerializerMethodField()
    objectives = serializers.SerializerMethodField(help_text="Primary objectives, in order.")
    secondary_objectives = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2 codes.")
    regions = serializers.SerializerMethodField(help_text="UN M49 codes.")
    principles = serializers.SerializerMethodField()
    scope = serializers.CharField(source="scope.slug", allow_null=True)
    type = serializers.CharField(source="resource_type.slug")
    authors = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField(help_text="Where the resource itself is.")

    class Meta:
        model = Resource
        fields = answer_fields("resource")

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_link(self, obj: Resource) -> str | None:
        return obj.url or None

    def get_other_languages(self, obj: Resource) -> list[str]:
        return [lang.code for lang in obj.other_languages.all()]

    def get_authors(self, obj: Resource) -> list[str]:
        return obj.author_list()


class CallSerializer(serializers.ModelSerializer):
    objectives = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = ["slug", "title", "summary", "status", "opens_at", "deadline", "objectives", "url"]

    def get_objectives(self, obj: Call) -> list[int]:
        return sorted(o.number for o in obj.objectives.all())

    def get_url(self, obj: Call) -> str:
        request = self.context.get("request")
        return (
            request.build_absolute_uri(obj.get_absolute_url())
            if request
            else obj.get_absolute_url()
        )


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = tax.Objective
        fields = ["number", "short_name", "title", "colour"]


class SDGSerializer(serializers.ModelSerializer):
    class Meta:
        model = tax.SDG
        fields = ["number", "name"]


class TermSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class CountrySerializer(serializers.ModelSerializer):
    region = serializers.IntegerField(source="region.m49", allow_null=True)
    subregion = serializers.IntegerField(source="subregion.m49", allow_null=True)

    class Meta:
        model = tax.Country
        fields = ["code", "name", "region", "subregion"]


class RegionSerializer(serializers.ModelSerializer):
    part_of = serializers.IntegerField(source="parent.m49", allow_null=True)

    class Meta:
        model = tax.Region
        fields = ["m49", "name", "level", "part_of"]


class LanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = tax.Language
        fields = ["code", "name"]
