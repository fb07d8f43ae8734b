"""What the OAI-PMH provider exposes: practices and resources as records, their sets, and
their Dublin Core description. Unpublished items are reported as deleted (never removed)."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from repository.choices import PublicationStatus
from repository.filters import objective_match, whole_number
from repository.models import Practice, PracticeObjective, Resource, ResourceObjective
from taxonomy import models as tax

from .protocol import ListRequest, OaiError

KINDS = {"practice": Practice, "resource": Resource}


def repository_identifier() -> str:
    return settings.OAI_REPOSITORY_IDENTIFIER


def oai_identifier(item: Any) -> str:
    kind = "practice" if isinstance(item, Practice) else "resource"
    return f"oai:{repository_identifier()}:{kind}/{item.slug}"


def _with_relations(qs: QuerySet, link: Any) -> QuerySet:
    rows = Prefetch("objective_rows", queryset=link.objects.select_related("objective"))
    return qs.select_related("language", "scope").prefetch_related(rows, "countries")


def practices() -> QuerySet:
    qs = Practice.objects.select_related("practice_type", "implementer_type")
    return _with_relations(qs, PracticeObjective)


def resources() -> QuerySet:
    return _with_relations(Resource.objects.select_related("resource_type"), ResourceObjective)


def get_item(identifier: str) -> Any:
    prefix = f"oai:{repository_identifier()}:"
    kind, _sep, slug = identifier.removeprefix(prefix).partition("/")
    if not identifier.startswith(prefix) or kind not in KINDS:
        raise OaiError("idDoesNotExist", f"No item has the identifier {identifier}.")
    qs = practices() if kind == "practice" else resources()
    item = qs.filter(slug=slug).first()
    if item is None:
        raise OaiError("idDoesNotExist", f"No item has the identifier {identifier}.")
    return item


@dataclass
class OaiSet:
    spec: str
    name: str


def all_sets() -> list[OaiSet]:
    sets = [
        OaiSet(f"objective:{o.number}", f"GCM objective {o}") for o in tax.Objective.objects.all()
    ]
    sets += [
        OaiSet(f"type:{t.slug}", f"Practices: {t.name}") for t in tax.PracticeType.objects.all()
    ]
    sets += [
        OaiSet(f"resource-type:{t.slug}", f"Resources: {t.name}")
        for t in tax.ResourceType.objects.all()
    ]
    return sets


def _narrow(qs: QuerySet, request: ListRequest) -> QuerySet | None:
    """Apply the set and dates; None when the set excludes this kind of item entirely."""
    spec = request.set_spec
    if spec:
        family, _sep, key = spec.partition(":")
        number = whole_number(key) if family == "objective" else None
        if number is not None:
            qs = qs.filter(objective_match(qs.model, [number]))
        elif family == "type" and qs.model is Practice:
            qs = qs.filter(practice_type__slug=key)
        elif family == "resource-type" and qs.model is Resource:
            qs = qs.filter(resource_type__slug=key)
        else:
            return None
    if request.start:
        qs = qs.filter(updated_at__gte=request.start)
    if request.end:
        qs = qs.filter(updated_at__lte=request.end)
    return qs.order_by("id")


def list_items(request: ListRequest, size: int) -> tuple[list[Any], int]:
    """One page of items (practices first, then resources) and the size of the whole list."""
    parts = [
        qs
        for qs in (_narrow(practices(), request), _narrow(resources(), request))
        if qs is not None
    ]
    counts = [qs.count() for qs in parts]
    items: list[Any] = []
    offset = request.offset
    for qs, count in zip(parts, counts, strict=True):
        if offset < count and len(items) < size:
            items += list(qs[offset : offset + size - len(items)])
        offset = max(0, offset - count)
    return items, sum(counts)


def is_deleted(item: Any) -> bool:
    return item.status != PublicationStatus.PUBLISHED


def set_specs(item: Any) -> list[str]:
    specs = [f"objective:{o.number}" for o in item.primary_objectives + item.secondary_objectives]
    if isinstance(item, Practice):
        specs.append(f"type:{item.practice_type.slug}")
    else:
        specs.append(f"resource-type:{item.resource_type.slug}")
    return specs


def dublin_core(item: Any, url: str) -> list[tuple[str, str]]:
    """(element, value) pairs of the item's simple Dublin Core description."""
    practice = isinstance(item, Practice)
    creators = [item.implementer] if practice else (item.author_list() or [item.publisher])
    fields = [("title", item.title)]
    fields += [("creator", name) for name in creators]
    fields += [
        ("subject", f"GCM objective {o}")
        for o in item.primary_objectives + item.secondary_objectives
    ]
    fields.append(("description", item.summary))
    fields.append(("publisher", settings.HUB_NAME if practice else item.publisher))
    if item.published_at:
        fields.append(("date", item.published_at.date().isoformat()))
    kind = item.practice_type.name if practice else item.resource_type.name
    fields.append(("type", kind))
    fields.append(("identifier", url))
    fields.append(("language", item.language.code))
    fields += [("coverage", c.name) for c in item.countries.all()]
    if practice:
        fields.append(("rights", str(item.get_licence_display())))
    return fields
