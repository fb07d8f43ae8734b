"""Audit events in plain words (issue 10.9): every verb the services record reads as a sentence
in the reader's language, statuses by their labels, people by their names."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from core.audit import SUBMISSION_STATUS, VERBS, describe_all
from core.choices import AuditVerb
from core.services import audit_record
from tests.factories import CallFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _one(**kwargs):
    return describe_all([audit_record(**kwargs)])[0]


def test_a_submission_status_change_is_a_sentence_with_the_persons_name():
    ana = UserFactory(name="Ana Pérez")
    submission = SubmissionFactory(owner=ana)
    item = _one(
        actor=ana,
        target=submission,
        verb="status_changed",
        from_status="draft",
        to_status="submitted",
    )
    assert item.sentence == "Submitted by Ana Pérez"


def test_an_invitation_names_the_reviewer_and_a_decline_keeps_its_reason():
    curator = UserFactory(name="Carla Curator")
    reviewer = UserFactory(name="Dr Xavier", email="x@example.org")
    submission = SubmissionFactory()
    invited = _one(
        actor=curator,
        target=submission,
        verb="assignment_invited",
        from_status="suggested",
        to_status="invited",
        note="x@example.org",
    )
    assert invited.sentence == "Carla Curator invited Dr Xavier to review"
    declined = _one(
        actor=reviewer,
        target=submission,
        verb="assignment_declined",
        from_status="invited",
        to_status="declined",
        note="x@example.org Travelling all month",
    )
    assert declined.sentence == "Dr Xavier declined to review"
    assert declined.detail == "Travelling all month"


def test_other_status_changes_use_the_translated_labels():
    call = CallFactory()
    event = audit_record(
        actor=None, target=call, verb="status_changed", from_status="scheduled", to_status="open"
    )
    with translation.override("fr"):
        sentence = describe_all([event])[0].sentence
    assert "scheduled" not in sentence
    assert "open" not in sentence
    with translation.override("en"):
        assert "“Scheduled” to “Open”" in describe_all([event])[0].sentence


def test_an_unknown_verb_still_reads_as_a_sentence_without_underscores():
    actor = UserFactory(name="Ana Pérez")
    item = _one(actor=actor, target=SubmissionFactory(), verb="something_new")
    assert item.sentence == "Ana Pérez: something new"


def test_every_verb_the_services_record_has_a_sentence():
    """Services record AuditVerb members only (no free strings), and each has its sentence in
    core/audit.py."""
    root = Path(settings.BASE_DIR)
    literals = set()
    apps_dirs = [d for d in root.iterdir() if (d / "apps.py").exists()]
    for path in (p for d in apps_dirs for p in d.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        literals |= set(re.findall(r'verb="([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert literals == set()
    assert set(AuditVerb.values) - set(VERBS) == set()
    submission = apps.get_model("submissions", "Submission")._meta.get_field("status")
    assert {s for s, _label in submission.choices} - {"draft"} <= set(SUBMISSION_STATUS)
