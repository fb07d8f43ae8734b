"""The disk full when uploading: a real filesystem that fills up (a 1 MB tmpfs mounted under
/tmp/faults, so root is needed), the private storage of attachments on it.

The member is told in their language that there was no room, the draft and its other files are
kept, no truncated file is left on the disk, and the same upload works once there is room.
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from core.files import PrivateFileSystemStorage
from submissions.models import Attachment, Submission
from tests.factories import SubmissionFactory
from tests.faults.servers import workdir

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


@pytest.fixture
def small_disk():
    """A 1 MB tmpfs; skipped without root (failed with CI=true: CI runs as root)."""
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("the disk-full test needs root to mount a tmpfs, and CI must run it")
        pytest.skip("needs root to mount a small tmpfs")
    folder = workdir("disk-")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], check=True)
    yield folder
    subprocess.run(["umount", str(folder)], check=True)
    folder.rmdir()


def noise_png(side: int = 300) -> bytes:
    """A PNG of random pixels: about 270 KB that no compression makes smaller."""
    with tempfile.TemporaryFile() as out:
        Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
        out.seek(0)
        return out.read()


def test_a_full_disk_refuses_the_file_clearly_and_keeps_the_draft(small_disk, monkeypatch, client):
    # The private storage, on the small disk (the field holds the instance it was built with).
    field = Attachment._meta.get_field("file")
    monkeypatch.setattr(field, "storage", PrivateFileSystemStorage(location=str(small_disk)))
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (1024 * 1024 - 100 * 1024))  # about 100 KB left
    draft = SubmissionFactory(owner__language="fr")
    before = dict(draft.data)
    client.force_login(draft.owner)
    picture = noise_png()
    with translation.override("fr"):
        url = reverse("submissions:upload_file", kwargs={"uuid": draft.uuid})
        answer = client.post(
            url, {"file": SimpleUploadedFile("carte.png", picture, "image/png")}, follow=True
        )
        expected = translation.gettext(
            "The Hub has no room to store %(name)s right now. Your draft and its other "
            "files are kept. Try again later; if it happens again, tell the Hub team."
        ) % {"name": "carte.png"}
    assert answer.status_code == 200
    assert escape(expected) in answer.content.decode()  # as the page writes it: French has "'"
    assert answer.redirect_chain[-1][0].startswith("/fr/")
    # The draft is as it was, no file row, nothing but the filler on the disk.
    assert Submission.objects.get(pk=draft.pk).data == before
    assert not Attachment.objects.filter(submission=draft).exists()
    assert [path.name for path in Path(small_disk).rglob("*") if path.is_file()] == ["filler"]

    filler.unlink()  # room again: the same upload goes through
    client.post(url, {"file": SimpleUploadedFile("carte.png", picture, "image/png")})
    attachment = Attachment.objects.get(submission=draft)
    assert attachment.file.size == attachment.size
