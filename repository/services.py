"""Writes on published practices and resources: publication of an approved submission, imports,
edits and status changes, audited."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from core.choices import AuditVerb
from core.models import AuditEvent
from core.services import audit_record
from core.tasks import enqueue_on_commit
from core.types import Actor, person
from core.workflow import transition
from search.tasks import index_item_task, index_items_task
from submissions.models import Submission
from taxonomy.models import Region

from .choices import PublicationStatus, scope_rank
from .errors import PublicationError, PublicationRefusedError
from .interchange import PracticeRecord, ResourceRecord
from .listing import content_changed
from .models import Practice, PracticeObjective, Publishable, Resource, ResourceObjective
from .permissions import RepositoryAction, policy


def _changed() -> None:
    """Published content changed: listings rebuild their facet index (in this transaction, so
    the new token is seen exactly when the change is)."""
    content_changed()


def _reindex(item: Any) -> None:
    """Keep the search index in step with an item, after the transaction commits."""
    label, pk = item._meta.label, item.pk
    enqueue_on_commit(index_item_task, label, pk)


def _reindex_many(model: Any, pks: list[int]) -> None:
    label = model._meta.label
    enqueue_on_commit(index_items_task, label, pks)


__all__ = ["PublicationError", "PublicationRefusedError"]  # re-exported for admin and apps


def publication_changed(item: Publishable, previous: str, actor: Actor, note: str) -> None:
    """Workflow hook (Publishable.workflow), in the transaction: the listings' facets follow."""
    _changed()


def publication_reindex(item: Publishable, previous: str, actor: Actor, note: str) -> None:
    """Workflow hook (Publishable.workflow), after commit: search follows the new status."""
    index_item_task.enqueue(item._meta.label, item.pk)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def covered_regions(regions: Iterable[Any], countries: Iterable[Any], by_id: dict) -> set[int]:
    """Region ids a facet should match: the regions, their parents, and the countries' regions."""
    found: set[int] = set()
    for country in countries:
        for rid in (country.region_id, country.subregion_id, country.intermediate_region_id):
            if rid:
                found.add(rid)
    for region in regions:
        while region is not None and region.pk not in found:
            found.add(region.pk)
            region = by_id.get(region.parent_id)
    return found


def _denormalise(item: Publishable, *, regions: int, countries: int, objectives: int) -> None:
    item.scope_rank = scope_rank(
        item.scope.slug if item.scope else None, regions=regions, countries=countries
    )
    item.objective_count = objectives


def practice_republish(*, practice: Practice, actor: Actor = None, note: str = "") -> Practice:
    """Put an unpublished practice back on the public site (Publishable.workflow: audited,
    facets, search)."""
    policy.require(actor, RepositoryAction.MANAGE, practice, system=True)
    return transition(practice, PublicationStatus.PUBLISHED, actor=actor, note=note)


def practice_unpublish(*, practice: Practice, actor: Actor = None, note: str = "") -> Practice:
    """Take a practice off the public site. Nothing is deleted; it can be published again."""
    policy.require(actor, RepositoryAction.MANAGE, practice, system=True)
    return transition(practice, PublicationStatus.UNPUBLISHED, actor=actor, note=note)


def resource_republish(*, resource: Resource, actor: Actor = None, note: str = "") -> Resource:
    """Put an unpublished resource back on the public site."""
    policy.require(actor, RepositoryAction.MANAGE, resource, system=True)
    return transition(resource, PublicationStatus.PUBLISHED, actor=actor, note=note)


def resource_unpublish(*, resource: Resource, actor: Actor = None, note: str = "") -> Resource:
    policy.require(actor, RepositoryAction.MANAGE, resource, system=True)
    return transition(resource, PublicationStatus.UNPUBLISHED, actor=actor, note=note)


def _update(item: Publishable, values: dict[str, Any], actor: Actor) -> Publishable:
    forbidden = {"status", "slug", "scope_rank", "objective_count"} & set(values)
    if forbidden:
        raise ValueError(f"use the dedicated services to change {sorted(forbidden)}")
    for name, value in values.items():
        setattr(item, name, value)
    regions, countries = item.regions.count(), item.countries.count()
    _denormalise(item, regions=regions, countries=countries, objectives=item.objective_count)
    item.full_clean()
    item.save()
    _changed()
    _reindex(item)
    audit_record(actor=actor, target=item, verb=AuditVerb.UPDATED, note=", ".join(sorted(values)))
    return item


@transaction.atomic
def practice_update(*, practice: Practice, actor: Actor = None, **values: Any) -> Practice:
    """Change plain fields of a practice (tags go through ``practice_import``)."""
    policy.require(actor, RepositoryAction.MANAGE, practice, system=True)
    return _update(practice, values, actor)  # type: ignore[return-value]


@transaction.atomic
def resource_update(*, resource: Resource, actor: Actor = None, **values: Any) -> Resource:
    policy.require(actor, RepositoryAction.MANAGE, resource, system=True)
    return _update(resource, values, actor)  # type: ignore[return-value]


def _insert_rows(model: Any, columns: list[str], rows: list[tuple]) -> None:
    """Insert plain rows into a link table with one executemany: building a model instance per
    tag row made large imports spend most of their time in the ORM."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from model meta
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _objective_rows(item_id: int, primary: Sequence, secondary: Sequence) -> list[tuple]:
    """(item, objective, is_primary, position) rows; an objective listed twice keeps its first
    place."""
    primary = list(dict.fromkeys(primary))
    secondary = [o for o in dict.fromkeys(secondary) if o not in primary]
    rows = [(item_id, o.pk, True, i) for i, o in enumerate(primary)]
    return rows + [(item_id, o.pk, False, i) for i, o in enumerate(secondary)]


def write_tags(model: Any, pairs: list[tuple[Any, Any]], region_ids: dict) -> None:
    """Replace the tags of saved items in bulk. ``pairs`` holds (item, record-like) pairs whose
    record has objectives, secondary_objectives, principles, countries, regions (and sdgs or
    other_languages)."""
    link, fk = (
        (PracticeObjective, "practice") if model is Practice else (ResourceObjective, "resource")
    )
    link.objects.filter(**{f"{fk}_id__in": [item.pk for item, _r in pairs]}).delete()
    rows: list[tuple] = []
    for item, record in pairs:
        rows += _objective_rows(item.pk, record.objectives, record.secondary_objectives)
    _insert_rows(link, [fk, "objective", "is_primary", "position"], rows)
    relations = ["principles", "countries", "regions", "covered_regions"]
    relations.append("sdgs" if model is Practice else "other_languages")
    for name in relations:
        _replace_m2m(model, name, pairs, region_ids)


def _replace_m2m(model: Any, name: str, pairs: list, region_ids: dict) -> None:
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    through.objects.filter(**{f"{source}__in": [item.pk for item, _r in pairs]}).delete()
    rows: list[tuple] = []
    for item, record in pairs:
        if name == "covered_regions":
            targets = covered_regions(record.regions, record.countries, region_ids)
        else:
            targets = {obj.pk for obj in getattr(record, name, ())}
        rows += [(item.pk, pk) for pk in sorted(targets)]
    _insert_rows(through, [source, target], rows)


def _item_from(model: Any, record: Any, existing: Any) -> Any:
    item = existing or model(slug=record.slug, status=PublicationStatus.PUBLISHED)
    for name, value in record.values.items():
        if name == "published_at" and value is None:
            continue  # keep the first publication date when a file does not give one
        setattr(item, name, value)
    if item.published_at is None:
        item.published_at = timezone.now()
    _denormalise(
        item,
        regions=len(record.regions),
        countries=len(record.countries),
        objectives=len(record.objectives) + len(record.secondary_objectives),
    )
    return item


def _import(
    model: Any, records: Sequence, actor: Actor, batch_size: int, progress: Any
) -> ImportResult:
    region_ids = {r.pk: r for r in Region.objects.all()}
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    fields = [f for f in fields if f not in ("created_at", "slug")]
    result = ImportResult()
    _changed()
    for start in range(0, len(records), batch_size):
        batch = records[start : start + batch_size]
        existing = model.objects.in_bulk([r.slug for r in batch], field_name="slug")
        items = [_item_from(model, r, existing.get(r.slug)) for r in batch]
        new = [i for i in items if i.pk is None]
        old = [i for i in items if i.pk is not None]
        model.objects.bulk_create(new)
        if old:
            model.objects.bulk_update(old, fields)
        write_tags(model, list(zip(items, batch, strict=True)), region_ids)
        _reindex_many(model, [item.pk for item in items])
        _audit_import(items, {i.pk for i in new}, actor)
        result.created += len(new)
        result.updated += len(old)
        if progress:
            progress(len(batch))
    return result


@transaction.atomic
def practices_import(
    *,
    records: Sequence[PracticeRecord],
    actor: Actor = None,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Create or update (by slug) published practices from validated records, in batches."""
    policy.require(actor, RepositoryAction.MANAGE, system=True)  # imports run from commands
    return _import(Practice, records, actor, batch_size, progress)


@transaction.atomic
def resources_import(
    *,
    records: Sequence[ResourceRecord],
    actor: Actor = None,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Create or update (by slug) published resources from validated records, in batches."""
    policy.require(actor, RepositoryAction.MANAGE, system=True)  # imports run from commands
    return _import(Resource, records, actor, batch_size, progress)


def _audit_import(items: list[Any], new_ids: set[int], actor: Actor) -> None:

    if not items:
        return
    content_type = ContentType.objects.get_for_model(items[0])
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=person(actor),
                target_type=content_type,
                target_id=str(item.pk),
                verb=AuditVerb.IMPORTED if item.pk in new_ids else AuditVerb.REIMPORTED,
                to_status=item.status,
            )
            for item in items
        ],
        batch_size=2000,
    )


@dataclass
class Tags:
    """The vocabulary rows an item is tagged with (rows, not keys)."""

    objectives: Sequence[Any] = ()
    secondary_objectives: Sequence[Any] = ()
    principles: Sequence[Any] = ()
    sdgs: Sequence[Any] = ()
    countries: Sequence[Any] = ()
    regions: Sequence[Any] = ()
    other_languages: Sequence[Any] = ()  # resources only


@transaction.atomic
def item_retag(*, item: Practice | Resource, tags: Tags, actor: Actor = None) -> Any:
    """Replace the tags of one practice or resource and refresh its listing rank."""
    policy.require(actor, RepositoryAction.MANAGE, item, system=True)

    region_ids = {r.pk: r for r in Region.objects.all()}
    write_tags(type(item), [(item, tags)], region_ids)
    _denormalise(
        item,
        regions=len(tags.regions),
        countries=len(tags.countries),
        objectives=len(tags.objectives) + len(tags.secondary_objectives),
    )
    item.save(update_fields=["scope_rank", "objective_count", "updated_at"])
    _changed()
    audit_record(actor=actor, target=item, verb=AuditVerb.RETAGGED)
    return item


@transaction.atomic
def item_refresh(*, item: Practice | Resource, actor: Actor = None) -> Any:
    """Recompute the derived columns from the item's current tags (after an edit in the admin)."""
    policy.require(actor, RepositoryAction.MANAGE, item, system=True)
    rows = item.objective_links()
    tags = Tags(
        objectives=[r.objective for r in rows if r.is_primary],
        secondary_objectives=[r.objective for r in rows if not r.is_primary],
        principles=list(item.principles.all()),
        sdgs=list(item.sdgs.all()) if isinstance(item, Practice) else [],
        countries=list(item.countries.all()),
        regions=list(item.regions.all()),
        other_languages=list(item.other_languages.all()) if isinstance(item, Resource) else [],
    )
    return item_retag(item=item, tags=tags, actor=actor)


def _free_slug(model: Any, slug: str) -> str:
    """The record's slug, suffixed when another item already uses it."""
    candidate, number = slug, 2
    while model.objects.filter(slug=candidate).exists():
        candidate, number = f"{slug[:95]}-{number}", number + 1
    return candidate


def _publish(
    model: Any, record: PracticeRecord | ResourceRecord, submission: Submission, actor: Actor
) -> Any:
    """Create the item of an approved submission, or update the one it already has."""
    existing = model.objects.select_for_update().filter(source_submission=submission).first()
    record.slug = existing.slug if existing else _free_slug(model, record.slug)
    item = _item_from(model, record, existing)
    item.source_submission = submission
    item.full_clean()
    item.save()
    write_tags(model, [(item, record)], {r.pk: r for r in Region.objects.all()})
    _changed()
    _reindex(item)
    audit_record(
        actor=actor,
        target=item,
        verb=AuditVerb.PUBLISHED,
        to_status=item.status,
        note=submission.reference or "",
    )
    return item


@transaction.atomic
def practice_publish(
    *, record: PracticeRecord, submission: Submission, actor: Actor = None
) -> Practice:
    """Publish one validated practice record from an approved submission (create, or update the
    practice already linked to it). Bulk imports go through ``practices_import``."""
    policy.require(actor, RepositoryAction.MANAGE, system=True)  # the publication task
    return _publish(Practice, record, submission, actor)


@transaction.atomic
def resource_publish(
    *, record: ResourceRecord, submission: Submission, actor: Actor = None
) -> Resource:
    """Publish one validated resource record from an approved submission."""
    policy.require(actor, RepositoryAction.MANAGE, system=True)  # the publication task
    return _publish(Resource, record, submission, actor)
