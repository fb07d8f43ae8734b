"""`manage.py backup` and `restore`: one archive holds the whole Hub, and restoring it gives back
the same rows and the same files (run on SQLite and, in CI, on PostgreSQL)."""

import io
import json
import zipfile
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.core.serializers import serialize
from moto.server import ThreadedMotoServer
from pypdf import PdfWriter

from core.backup import backed_up_models
from core.models import AuditEvent
from repository.models import Practice
from search.models import SearchDocument
from search.services import index_item
from submissions.models import Submission
from submissions.services import attachment_add
from taxonomy.models import Objective
from tests.factories import CallFactory, PracticeFactory, SubmissionFactory, UserFactory


@pytest.fixture
def hub(transactional_db, restore_vocabulary):
    """A Hub with content of every kind: people, a call, a submission with a private
    attachment, a published practice in the search index, audit events, a public file."""
    if not Objective.objects.exists():
        restore_vocabulary()
    call = CallFactory()
    submission = SubmissionFactory(call=call)
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    pdf = io.BytesIO()
    writer.write(pdf)
    attachment_add(
        submission=submission,
        actor=submission.owner,
        upload=SimpleUploadedFile("Plan d’action.pdf", pdf.getvalue()),
    )
    practice = PracticeFactory(title="Safe shelters for survivors")
    index_item(practice)
    UserFactory(email="reviewer@example.org")
    storages["default"].save("images/cover.png", ContentFile(b"\x89PNG not really"))
    yield
    restore_vocabulary()


def fingerprint() -> dict[str, str]:
    """Every row of every backed-up model, serialised (natural keys, so ids of content types
    created by migrate do not matter), plus every stored file's bytes."""
    rows = {
        model._meta.label_lower: serialize(
            "json", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in backed_up_models()
    }
    for name in ("default", "private"):
        storage = storages[name]
        folders = [""]
        while folders:
            folder = folders.pop()
            sub, files = storage.listdir(folder) if storage.exists(folder or ".") else ([], [])
            folders += [f"{folder}/{s}".strip("/") for s in sub]
            for file in files:
                path = f"{folder}/{file}".strip("/")
                rows[f"file:{name}:{path}"] = storage.open(path).read().hex()
    return rows


def test_a_backup_restores_to_the_same_rows_and_files(hub, tmp_path, capsys, client):
    before = fingerprint()
    call_command("backup", "--output", str(tmp_path))
    archive = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert archive.parent == tmp_path
    assert archive.suffix == ".zip"
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert manifest["models"]["submissions.attachment"] == 1
    assert {entry["storage"] for entry in manifest["files"]} == {"default", "private"}

    # The day after: the content is lost (database emptied, files gone).
    call_command("flush", interactive=False, verbosity=0)
    for name in ("default", "private"):
        for key in [k for k in before if k.startswith(f"file:{name}:")]:
            storages[name].delete(key.split(":", 2)[2])
    assert not Submission.objects.exists()

    call_command("restore", str(archive), verbosity=0)
    assert fingerprint() == before
    practice = Practice.objects.get(title="Safe shelters for survivors")
    assert SearchDocument.objects.filter(object_id=practice.pk).exists()
    assert AuditEvent.objects.exists()
    # The restored practice is found again by the search (the lexical index follows the rows).
    page = client.get("/en/practices/?q=shelters").content.decode()
    assert "Safe shelters for survivors" in page


def test_restore_refuses_a_database_with_content_unless_forced(hub, tmp_path, capsys):
    call_command("backup", "--output", str(tmp_path), verbosity=0)
    archive = capsys.readouterr().out.strip().splitlines()[-1]
    Submission.objects.all().delete()
    with pytest.raises(CommandError, match=r"not empty.*--force"):
        call_command("restore", archive, verbosity=0)
    assert not Submission.objects.exists()  # refused: nothing was changed
    call_command("restore", archive, "--force", verbosity=0)
    assert Submission.objects.count() == 1


def test_a_damaged_archive_is_refused_before_anything_is_touched(hub, tmp_path, capsys):
    call_command("backup", "--output", str(tmp_path), verbosity=0)
    archive = Path(capsys.readouterr().out.strip().splitlines()[-1])
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "database.jsonl":
                data = data.replace(b"Safe shelters", b"Safe shelterz")
            target.writestr(item, data)
    count = Submission.objects.count()
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged), "--force", verbosity=0)
    assert Submission.objects.count() == count


def test_a_file_that_is_not_a_backup_gets_a_plain_message(db, tmp_path):
    stray = tmp_path / "notes.zip"
    stray.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not a Hub backup"):
        call_command("restore", str(stray))


@pytest.fixture
def one_bucket(settings):
    """Both storages in one bucket of moto's S3 emulator (its HTTP server, in a thread), as
    production keeps them when no private bucket is named: the private files under "private/"."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    options = {
        "bucket_name": "hub-media",
        "endpoint_url": f"http://{host}:{port}",
        "access_key": "test",
        "secret_key": "test",
        "region_name": "us-east-1",
    }
    s3 = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    s3.create_bucket(Bucket="hub-media")
    private = {**options, "location": "private", "default_acl": "private", "file_overwrite": False}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": private},
    }
    yield s3
    server.stop()


def test_a_backup_on_s3_holds_each_file_once_and_puts_it_back(
    one_bucket, transactional_db, restore_vocabulary, tmp_path, capsys
):
    if not Objective.objects.exists():
        restore_vocabulary()
    public, private = storages["default"], storages["private"]
    public.save("images/cover.png", ContentFile(b"public cover"))
    private.save("attachments/plan.pdf", ContentFile(b"private plan"))
    try:
        call_command("backup", "--output", str(tmp_path))
        archive = Path(capsys.readouterr().out.strip().splitlines()[-1])
        with zipfile.ZipFile(archive) as opened:
            manifest = json.loads(opened.read("manifest.json"))
        # The private file is in the bucket's "private/" folder, yet backed up once, as private.
        assert sorted((entry["storage"], entry["name"]) for entry in manifest["files"]) == [
            ("default", "images/cover.png"),
            ("private", "attachments/plan.pdf"),
        ]
        one_bucket.delete_objects(
            Bucket="hub-media",
            Delete={
                "Objects": [{"Key": "images/cover.png"}, {"Key": "private/attachments/plan.pdf"}]
            },
        )

        call_command("restore", str(archive), "--force", verbosity=0)
        assert public.open("images/cover.png").read() == b"public cover"
        assert private.open("attachments/plan.pdf").read() == b"private plan"
        keys = [item["Key"] for item in one_bucket.list_objects_v2(Bucket="hub-media")["Contents"]]
        assert sorted(keys) == ["images/cover.png", "private/attachments/plan.pdf"]
    finally:
        restore_vocabulary()
