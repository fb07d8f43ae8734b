"""Moving the files stored before the private storage existed (manage.py move_private_files)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from core.files import private_storage
from reviews.models import RosterApplication
from submissions.models import Attachment
from tests.factories import SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def old_public_file(path: str, content: bytes) -> str:
    """A file where the old code put it: in the public storage, under a guessable name."""
    public = storages["default"]
    return public.save(path, ContentFile(content))


def test_move_private_files_moves_cvs_and_attachments_out_of_the_public_storage():
    user = UserFactory(roles=["member"])
    old_cv = old_public_file(f"roster/{user.pk}/Jane_Doe_CV.pdf", b"%PDF-1.4 cv")
    application = RosterApplication.objects.create(user=user, organisation="IOM", cv=old_cv)
    submission = SubmissionFactory()
    old_file = old_public_file(
        f"submissions/{submission.uuid}/{'a' * 32}/ACME_evaluation.pdf", b"%PDF-1.4 report"
    )
    attachment = Attachment.objects.create(
        submission=submission,
        file=old_file,
        name="ACME_evaluation.pdf",
        mime="application/pdf",
        size=15,
        sha256="0" * 64,
        uploaded_by=submission.owner,
    )
    out = io.StringIO()
    call_command("move_private_files", stdout=out)
    assert "moved 2" in out.getvalue()

    application.refresh_from_db()
    attachment.refresh_from_db()
    public = storages["default"]
    assert not public.exists(old_cv)
    assert not public.exists(old_file)
    assert application.cv_name == "Jane_Doe_CV.pdf"
    assert application.cv.name.startswith("cvs/")
    assert "Jane" not in application.cv.name
    assert application.cv.read() == b"%PDF-1.4 cv"
    assert attachment.file.name.startswith("attachments/")
    assert "ACME" not in attachment.file.name
    assert private_storage().open(attachment.file.name).read() == b"%PDF-1.4 report"
    assert attachment.name == "ACME_evaluation.pdf"

    out = io.StringIO()
    call_command("move_private_files", stdout=out)  # a second run changes nothing
    assert "moved 0, already private 2" in out.getvalue()


def test_move_private_files_dry_run_and_missing_files_change_nothing():
    user = UserFactory(roles=["member"])
    old_cv = old_public_file(f"roster/{user.pk}/cv.pdf", b"%PDF-1.4")
    application = RosterApplication.objects.create(user=user, organisation="IOM", cv=old_cv)
    lost = RosterApplication.objects.create(
        user=UserFactory(roles=["member"]), organisation="IOM", cv="roster/0/lost.pdf"
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("move_private_files", "--dry-run", stdout=out, stderr=err)
    assert "would move 1" in out.getvalue()
    assert "missing 1" in out.getvalue()
    assert "lost.pdf" in err.getvalue()
    application.refresh_from_db()
    lost.refresh_from_db()
    assert application.cv.name == old_cv
    assert storages["default"].exists(old_cv)
    assert lost.cv.name == "roster/0/lost.pdf"
