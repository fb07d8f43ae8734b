"""The private storage: outside MEDIA_ROOT without a URL locally, a private S3 prefix or bucket
in production."""

import json

import pytest
from django.conf import settings
from django.core.files.storage import storages

from core.files import random_name
from core.tests.test_settings import run_manage

PRINT_PRIVATE = (
    "from django.core.files.storage import storages; import json; s = storages['private']; "
    "print(json.dumps([type(s).__name__, s.bucket_name, s.location, s.default_acl, "
    "s.querystring_auth, s.file_overwrite]))"
)


def test_local_private_storage_is_outside_media_root_and_has_no_url():
    storage = storages["private"]
    assert not str(storage.location).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="no public URL"):
        storage.url("attachments/x.pdf")


def test_random_names_keep_only_the_extension():
    name = random_name("cvs", "C:\\Users\\Jane Doe\\Jane_Doe_CV.PDF")
    assert name.startswith("cvs/")
    assert name.endswith(".pdf")
    assert "Jane" not in name
    assert random_name("cvs", "same.pdf") != random_name("cvs", "same.pdf")


def test_production_keeps_private_files_under_a_private_prefix_of_the_bucket(tmp_path):
    env = {
        "SECRET_KEY": "s" * 60,
        "HUB_VAR_DIR": str(tmp_path),
        "AWS_STORAGE_BUCKET_NAME": "hub-media",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = run_manage("shell", "-c", PRINT_PRIVATE, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        "S3Storage",
        "hub-media",
        "private",
        "private",
        True,
        False,
    ]
    env["AWS_PRIVATE_BUCKET_NAME"] = "hub-private"
    result = run_manage("shell", "-c", PRINT_PRIVATE, env=env)
    assert json.loads(result.stdout.splitlines()[-1])[1] == "hub-private"


PRINT_MEDIA = (
    "from django.conf import settings; from django.core.files.storage import storages; "
    "import json; print(json.dumps([storages['default'].url('calls/logo.png'), "
    "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
)


@pytest.mark.parametrize(
    ("endpoint", "origin"),
    [
        ("", "https://hub-media.s3.amazonaws.com"),
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
    ],
)
def test_pages_may_show_images_from_the_public_bucket(tmp_path, endpoint, origin):
    """Partners' logos are public uploads shown with <img>: with S3 their signed links lead to
    the bucket's address, which the content security policy must allow."""
    env = {
        "SECRET_KEY": "s" * 60,
        "HUB_VAR_DIR": str(tmp_path),
        "AWS_STORAGE_BUCKET_NAME": "hub-media",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = run_manage("shell", "-c", PRINT_MEDIA, env=env)
    assert result.returncode == 0, result.stderr
    url, img_src = json.loads(result.stdout.splitlines()[-1])
    assert url.startswith(f"{origin}/")
    assert origin in img_src
