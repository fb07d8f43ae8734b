"""Back up the whole Hub into one archive, and restore it (``manage.py backup`` / ``restore``).

An archive is a ZIP file holding:

- ``database.jsonl``: every row of every model, one JSON object per line (Django's serialisation,
  with natural keys for content types so the archive loads into any supported database);
- ``files/<storage>/<name>``: every file of the ``default`` and ``private`` storages;
- ``manifest.json``: the format version, the migrations the database had, the row count per
  model, and the size and SHA-256 of the database dump and of every file.

Restoring checks the manifest first (format, migrations, checksums), refuses a database that
holds content unless forced, empties the database, loads the rows, writes the files, and checks
the row counts against the manifest. Apps that keep data outside the ORM (the search index's
extra columns) receive the ``data_restored`` signal to rebuild it. docs/operations.md describes
the schedule and retention.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import versions
from .errors import DomainError
from .models import ContentVersion

FORMAT = "migration-hub-backup"
VERSION = 1
STORAGE_NAMES = ("default", "private")
# Rows the database gets from ``migrate`` itself; restoring replaces them.
EXCLUDED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "core.contentversion",  # cache tokens: after a restore every process must rebuild
}
# Models whose rows ``migrate`` creates: a database holding only these counts as empty.
REFERENCE_APPS = {"contenttypes", "auth", "sessions", "taxonomy"}
CHUNK = 1024 * 1024

#: Sent after a restore, so apps rebuild what lives outside the ORM (e.g. vector columns).
data_restored = Signal()

Progress = Callable[[str], None]


class BackupError(DomainError):
    """The archive cannot be made or restored; the message says why."""


@dataclass
class RestoreReport:
    rows: int
    files: int
    models: int


def _sha256(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while block := stream.read(CHUNK):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model to back up, in an order where what a row refers to comes first."""
    app_list = dict.fromkeys(apps.get_app_configs())
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in EXCLUDED_MODELS
        and not model._meta.proxy
        and model._meta.managed
    ]


def _applied_migrations() -> dict[str, str]:
    """The latest migration applied per app (by name order, which is how ours are numbered)."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _walk(storage: Storage, path: str = "", skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every file name in ``storage`` under ``path``, leaving out the folders in ``skip``."""
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for folder in sorted(folders):
        inner = f"{path}/{folder}" if path else folder
        if inner not in skip:
            yield from _walk(storage, inner, skip)


def _root(storage: Storage) -> tuple[str, str]:
    """Where a storage keeps its files: (the bucket or "file", its folder in there)."""
    location = str(getattr(storage, "location", ""))
    bucket = getattr(storage, "bucket_name", None)
    if bucket:  # S3-compatible (django-storages)
        endpoint = getattr(storage, "endpoint_url", None) or ""
        return f"s3:{endpoint}:{bucket}", location.strip("/")
    return "file", Path(location).resolve().as_posix().strip("/")


def _other_storages_inside(storage_name: str) -> frozenset[str]:
    """Folders of a storage that hold another storage's files, as the private files do by
    default in production (the ``private/`` prefix of the public bucket). Each file is backed up
    once, under the storage it belongs to: restoring writes it with that storage's settings."""
    container, location = _root(storages[storage_name])
    inside = set()
    for other in STORAGE_NAMES:
        other_container, other_location = _root(storages[other])
        if other == storage_name or other_container != container:
            continue
        if other_location.startswith(f"{location}/" if location else ""):
            inside.add(other_location[len(location) :].strip("/"))
    return frozenset(inside - {""})


def _dump_rows(archive: zipfile.ZipFile, progress: Progress) -> tuple[dict[str, int], str, int]:
    counts: dict[str, int] = {}
    with tempfile.NamedTemporaryFile("w+b", suffix=".jsonl") as dump:
        text = _TextSink(dump)
        for model in backed_up_models():
            rows = model._base_manager.order_by("pk")
            counts[model._meta.label_lower] = rows.count()
            serializers.serialize(
                "jsonl", rows.iterator(chunk_size=2000), stream=text,
                use_natural_foreign_keys=True,
            )  # fmt: skip
            progress(f"rows: {model._meta.label_lower} {counts[model._meta.label_lower]}")
        dump.flush()
        dump.seek(0)
        checksum, size = _sha256(dump)
        archive.write(dump.name, "database.jsonl")
    return counts, checksum, size


class _TextSink:
    """A text stream that writes UTF-8 into a binary file (what the serialiser expects)."""

    def __init__(self, binary: IO[bytes]) -> None:
        self.binary = binary

    def write(self, text: str) -> int:
        return self.binary.write(text.encode("utf-8"))

    def flush(self) -> None:
        self.binary.flush()


def _add_files(archive: zipfile.ZipFile, progress: Progress) -> list[dict[str, Any]]:
    entries = []
    for storage_name in STORAGE_NAMES:
        storage = storages[storage_name]
        for name in _walk(storage, skip=_other_storages_inside(storage_name)):
            with storage.open(name, "rb") as source:
                checksum, size = _sha256(source)
                source.seek(0)
                with archive.open(f"files/{storage_name}/{name}", "w", force_zip64=True) as out:
                    while block := source.read(CHUNK):
                        out.write(block)
            entries.append(
                {"storage": storage_name, "name": name, "size": size, "sha256": checksum}
            )
            if len(entries) % 100 == 0:
                progress(f"files: {len(entries)}")
    progress(f"files: {len(entries)}")
    return entries


def backup_create(*, output_dir: Path, progress: Progress = lambda line: None) -> Path:
    """Write an archive of the database and the stored files into ``output_dir``; return its path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    path = output_dir / f"hub-backup-{stamp}.zip"
    partial = path.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with transaction.atomic():  # one consistent reading of every table
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts, checksum, size = _dump_rows(archive, progress)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": _applied_migrations(),
            "models": counts,
            "database": {"name": "database.jsonl", "size": size, "sha256": checksum},
            "files": _add_files(archive, progress),
            "content_keys": sorted(ContentVersion.objects.values_list("key", flat=True)),
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    partial.rename(path)  # a half-written archive never carries the final name
    return path


def content_rows() -> dict[str, int]:
    """Rows in the models people fill (not those ``migrate`` fills), by model, when not zero."""
    found = {}
    for model in backed_up_models():
        if model._meta.app_label in REFERENCE_APPS and model._meta.label_lower != "auth.group":
            continue
        count = model._base_manager.count()
        if count:
            found[model._meta.label_lower] = count
    return found


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError(
            _("This file is not a Hub backup: it has no readable manifest.")
        ) from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(_("This file is not a Hub backup of a version this Hub can restore."))
    return manifest


def _check_archive(archive: zipfile.ZipFile, manifest: dict[str, Any], progress: Progress) -> None:
    here = _applied_migrations()
    if manifest["migrations"] != here:
        differing = sorted(
            app
            for app in set(here) | set(manifest["migrations"])
            if here.get(app) != manifest["migrations"].get(app)
        )
        raise BackupError(
            _(
                "The backup was made with another version of the database schema (apps: %(apps)s)."
                " Restore it with the version of the Hub that made it, then upgrade."
            ),
            apps=", ".join(differing),
        )
    entries = [("database.jsonl", manifest["database"])] + [
        (f"files/{entry['storage']}/{entry['name']}", entry) for entry in manifest["files"]
    ]
    for member, entry in entries:
        try:
            with archive.open(member) as stream:
                checksum, size = _sha256(stream)
        except KeyError as error:
            raise BackupError(
                _("The backup is incomplete: %(name)s is missing."), name=member
            ) from error
        if (checksum, size) != (entry["sha256"], entry["size"]):
            raise BackupError(
                _("The backup is damaged: %(name)s does not match its checksum."), name=member
            )
    progress(f"checked: {len(entries)} parts match the manifest")


def _load_rows(archive: zipfile.ZipFile, progress: Progress) -> None:
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "database.jsonl"
        with archive.open("database.jsonl") as source, dump.open("wb") as target:
            while block := source.read(CHUNK):
                target.write(block)
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()  # migrate's post step made them again, new ids maybe
        progress("database emptied")
        call_command("loaddata", str(dump), verbosity=0)
        progress("rows loaded")


def _write_files(archive: zipfile.ZipFile, manifest: dict[str, Any], progress: Progress) -> int:
    for done, entry in enumerate(manifest["files"], start=1):
        storage = storages[entry["storage"]]
        if storage.exists(entry["name"]):
            storage.delete(entry["name"])
        with archive.open(f"files/{entry['storage']}/{entry['name']}") as source:
            saved = storage.save(entry["name"], File(source, name=entry["name"]))
        if saved != entry["name"]:
            raise BackupError(
                _("The file store renamed %(name)s while restoring it."), name=entry["name"]
            )
        if done % 100 == 0:
            progress(f"files: {done}")
    return len(manifest["files"])


def backup_restore(
    *, path: Path, force: bool = False, progress: Progress = lambda line: None
) -> RestoreReport:
    """Restore an archive made by ``backup_create`` into this database and file store."""
    if not zipfile.is_zipfile(path):
        raise BackupError(_("This file is not a Hub backup (not a ZIP archive)."))
    with zipfile.ZipFile(path) as archive:
        manifest = _read_manifest(archive)
        _check_archive(archive, manifest, progress)
        occupied = content_rows()
        if occupied and not force:
            raise BackupError(
                _(
                    "The database is not empty (%(tables)s). Restoring would replace everything in"
                    " it; add --force if that is what you want."
                ),
                tables=", ".join(
                    f"{label}: {count}" for label, count in sorted(occupied.items())[:5]
                ),
            )
        keys = set(ContentVersion.objects.values_list("key", flat=True))
        _load_rows(archive, progress)
        files = _write_files(archive, manifest, progress)
        # Every process rebuilds its in-memory copies (facet index, vectors): new tokens for
        # every kind of content the archive or the replaced database knew.
        for key in sorted(keys | set(manifest.get("content_keys", []))):
            versions.bump(key)
    found = {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}
    wrong = {
        label: (count, found.get(label))
        for label, count in manifest["models"].items()
        if found.get(label) != count
    }
    if wrong:
        raise BackupError(
            _("The restored rows do not match the manifest: %(models)s."),
            models=", ".join(sorted(wrong)),
        )
    cache.clear()
    ContentType.objects.clear_cache()
    data_restored.send(sender=backup_restore, manifest=manifest)
    return RestoreReport(rows=sum(found.values()), files=files, models=len(found))


def default_output_dir() -> Path:
    return Path(getattr(settings, "HUB_BACKUP_DIR", "") or settings.BASE_DIR / "var" / "backups")
