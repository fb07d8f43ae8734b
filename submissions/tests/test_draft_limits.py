"""Drafts keep what was typed within bounds nobody hits by accident (issue 11.6)."""

import io
import json
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from docx import Document

from config.settings import base as base_settings
from submissions.models import DraftChange
from submissions.services import draft_save
from tests.factories import SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

HUGE = "Our approach. " * 68_572  # 960,008 characters, as in the report; the limit is 8,000


def _step(client, submission, **fields):
    return client.post(
        f"/en/submit/{submission.uuid}/step/about/",
        {"revision": str(submission.revision), "action": "stay", **fields},
    )


def _autosave(client, submission, **fields):
    return client.post(
        f"/en/submit/{submission.uuid}/autosave/",
        {"step": "about", "revision": str(submission.revision), **fields},
    )


def test_text_far_over_the_limit_is_cut_with_a_message_and_stays_on_screen(client):
    submission = SubmissionFactory(data={})
    client.force_login(submission.owner)
    response = _step(client, submission, description=HUGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "only its first 16000 characters were saved in your draft" in body
    assert HUGE[-100:] in body  # what was typed is still in the box, to shorten and resend
    submission.refresh_from_db()
    assert submission.data["description"] == HUGE[:16_000]


def test_text_a_little_over_the_limit_is_kept_whole(client):
    submission = SubmissionFactory(data={})
    client.force_login(submission.owner)
    text = "x" * 8_100
    response = _step(client, submission, description=text)
    assert "at most 8000 characters" in response.content.decode()
    submission.refresh_from_db()
    assert submission.data["description"] == text


def test_nul_characters_are_refused_and_never_stored(client):
    submission = SubmissionFactory(data={})
    client.force_login(submission.owner)
    response = _step(client, submission, title="Safe\x00 title", summary="A\x00B")
    assert "Null characters are not allowed" in response.content.decode()
    submission.refresh_from_db()
    assert submission.data["title"] == "Safe title"
    assert submission.data["summary"] == "AB"
    _autosave(client, submission, title="Again\x00")
    submission.refresh_from_db()
    assert submission.data["title"] == "Again"


def test_a_draft_saved_with_a_nul_before_the_fix_still_exports_to_word(client):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL never stored a NUL in a draft: it refuses it in JSON")
    submission = SubmissionFactory()
    submission.data = {**submission.data, "description": "Before\x00after\x0b."}
    submission.save()
    client.force_login(submission.owner)
    response = client.get(f"/en/submit/{submission.uuid}/export.docx")
    assert response.status_code == 200
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(response.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Beforeafter." in text


def test_autosave_cuts_long_text_and_says_so(client):
    submission = SubmissionFactory(data={})
    client.force_login(submission.owner)
    response = _autosave(client, submission, description="y" * 20_000)
    assert response.status_code == 200
    data = response.json()
    assert data["not_kept"] == ["Description"]
    assert "Only the beginning of the text was saved" in data["message"]
    submission.refresh_from_db()
    assert len(submission.data["description"]) == 16_000


@override_settings(HUB_AUTOSAVE_MAX_BYTES=10_000)
def test_autosave_refuses_a_request_over_the_size_limit(client):
    submission = SubmissionFactory(data={})
    client.force_login(submission.owner)
    response = _autosave(client, submission, summary="z" * 12_000)
    assert response.status_code == 413
    assert response.json()["status"] == "too_large"
    submission.refresh_from_db()
    assert "summary" not in submission.data
    assert _autosave(client, submission, summary="short").status_code == 200


@pytest.fixture
def one_window(monkeypatch):
    """django-ratelimit counts in fixed windows of wall-clock time: keep the whole test inside
    one, so that a boundary passing mid-test cannot reset the count."""
    now = django_ratelimit.core.time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


def test_autosave_is_rate_limited_per_person(client, one_window):
    submission = SubmissionFactory(data={})
    colleague = UserFactory()
    submission.co_submitters.add(colleague)
    client.force_login(submission.owner)
    statuses = []
    for n in range(20):
        submission.refresh_from_db()
        statuses.append(_autosave(client, submission, title=f"Title {n}").status_code)
    assert statuses == [200] * 20
    refused = _autosave(client, submission, title="One too many")
    assert refused.status_code == 429
    assert refused.json()["message"]  # shown beside the form; the browser keeps its copy
    submission.refresh_from_db()
    assert submission.data["title"] == "Title 19"
    other = client.__class__()
    other.force_login(colleague)
    submission.refresh_from_db()
    assert _autosave(other, submission, title="Colleague").status_code == 200


@override_settings(HUB_DRAFT_CHANGES_KEPT=5)
def test_the_change_history_is_pruned_on_every_save():
    submission = SubmissionFactory(data={})
    colleague = UserFactory()
    submission.co_submitters.add(colleague)  # only its submitters may save a draft
    for n in range(8):
        draft_save(
            submission=submission,
            actor=colleague if n % 2 else submission.owner,
            values={"description": f"{n} " + "w" * 7_990},
            base_revision=n,
        )
    kept = DraftChange.objects.filter(submission=submission).order_by("revision")
    assert [c.revision for c in kept] == [4, 5, 6, 7, 8]
    assert sum(len(json.dumps([c.changed, c.previous])) for c in kept) < 5 * 2 * 8_100


def test_a_run_of_autosaves_by_one_person_is_one_change(client):
    submission = SubmissionFactory(data={"title": "Original"})
    client.force_login(submission.owner)
    for n in range(8):
        submission.refresh_from_db()
        _autosave(client, submission, title=f"Typing {n}", summary="s" * (100 * n))
    change = DraftChange.objects.get(submission=submission)
    assert change.revision == 8
    assert change.changed["title"] == "Typing 7"
    assert change.previous["title"] == "Original"
    # a colleague whose form predates the run still sees the owner's edit as theirs to keep
    colleague = UserFactory()
    submission.co_submitters.add(colleague)
    result = draft_save(
        submission=submission, actor=colleague, values={"title": "Stale"}, base_revision=0
    )
    assert result.conflicts == {"title": ("Stale", "Typing 7")}


@override_settings(HUB_DRAFT_CHANGES_KEPT=2)
def test_a_form_older_than_the_kept_history_cannot_overwrite_silently():
    submission = SubmissionFactory(data={"title": "Original", "summary": "Original summary"})
    colleague, another = UserFactory(), UserFactory()
    submission.co_submitters.add(colleague, another)
    for n in range(4):
        submission = draft_save(
            submission=submission,
            actor=colleague if n % 2 else another,
            values={"title": f"Colleague {n}"},
            base_revision=n,
        ).submission
    result = draft_save(
        submission=submission,
        actor=submission.owner,
        values={"title": "Original", "summary": "Mine"},
        base_revision=0,
    )
    assert result.conflicts == {
        "title": ("Original", "Colleague 3"),
        "summary": ("Mine", "Original summary"),
    }
    assert result.submission.data["title"] == "Colleague 3"


def test_the_command_trims_histories_saved_before_the_limit():
    submission = SubmissionFactory(data={})
    for n in range(1, 7):
        DraftChange.objects.create(
            submission=submission, revision=n, author=submission.owner, changed={}, previous={}
        )
    with override_settings(HUB_DRAFT_CHANGES_KEPT=2):
        call_command("prune_draft_changes", stdout=io.StringIO())
    kept = DraftChange.objects.filter(submission=submission).values_list("revision", flat=True)
    assert sorted(kept) == [5, 6]


@override_settings(HUB_AUTOSAVE_MAX_BYTES=10_000)
def test_an_expired_session_keeps_a_step_only_up_to_the_size_limit(client):
    submission = SubmissionFactory(data={})
    url = f"/en/submit/{submission.uuid}/step/about/"
    response = client.post(url, {"revision": "0", "summary": "z" * 12_000})
    assert "/accounts/login/" in response["Location"]
    assert "hub_pending_drafts" not in client.session
    client.post(url, {"revision": "0", "summary": "Short enough"})
    assert str(submission.uuid) in client.session["hub_pending_drafts"]


@pytest.mark.skipif(bool(base_settings.REDIS_URL), reason="REDIS_URL set: counts are in Redis")
def test_without_redis_the_autosave_count_is_shared_by_every_process(client, tmp_path, one_window):
    """The no-Redis settings keep rate counts in files: a process started afresh (a new
    cache object over the same folder) sees the counts of the others."""
    shared = {**settings.CACHES, "ratelimit": {**base_settings.CACHES["ratelimit"]}}
    shared["ratelimit"]["LOCATION"] = str(tmp_path)
    with override_settings(CACHES=shared, RATELIMIT_USE_CACHE="ratelimit"):
        submission = SubmissionFactory(data={})
        client.force_login(submission.owner)
        for n in range(20):
            submission.refresh_from_db()
            assert _autosave(client, submission, title=f"Title {n}").status_code == 200
        del caches["ratelimit"]
        assert _autosave(client, submission, title="From another process").status_code == 429
