"""The submission side of the publication seam: the mapping from a submission's latest version
to the exchange format lives here, and the repository no longer knows the form's field names."""

import inspect

import pytest

import repository.services
from repository.interchange import validate_item
from submissions.fields import PRACTICE
from submissions.publication import (
    describe_problems,
    publication_data,
    publication_problems,
    published_fields,
)
from tests.factories import COMPLETE_PRACTICE, SubmissionFactory

pytestmark = pytest.mark.django_db


def test_a_practice_maps_to_a_valid_exchange_record():
    submission = SubmissionFactory(data={**COMPLETE_PRACTICE, "sdgs": ["8"], "links": []})
    data = publication_data(submission)
    assert data["type"] == "project"
    assert data["objectives"] == [10, 7]
    assert data["sdgs"] == [8]
    assert data["end_year"] == 2023
    for private in ("focal_point_name", "focal_point_email", "completion", "on_behalf"):
        assert private not in data
    assert not any(key.startswith("consent_") for key in data)
    record, problems = validate_item("practice", data)
    assert problems == []
    assert record.values["implementer"] == "Department of Social Welfare"


def test_the_latest_version_is_what_gets_published():
    submission = SubmissionFactory()
    submission.versions.create(
        number=1, data={**COMPLETE_PRACTICE, "title": "First"}, created_by=submission.owner
    )
    submission.versions.create(
        number=2, data={**COMPLETE_PRACTICE, "title": "Second"}, created_by=submission.owner
    )
    submission.data = {**COMPLETE_PRACTICE, "title": "Draft in progress"}
    assert publication_data(submission)["title"] == "Second"


def test_problems_are_named_by_the_form_label():
    data = {k: v for k, v in COMPLETE_PRACTICE.items() if k != "end_year"}
    submission = SubmissionFactory(data={**data, "practice_type": "no-such-type"})
    _record, problems = validate_item("practice", publication_data(submission))
    problems = publication_problems(submission) + problems
    text = describe_problems(PRACTICE, problems)
    assert "End year: a completed practice needs its end year" in text
    assert "Type of practice: unknown value 'no-such-type'" in text


def test_the_repository_no_longer_knows_the_form_field_names():
    source = inspect.getsource(repository.services)
    for name in ("focal_point", "consent_", "on_behalf", "completion", "practice_type"):
        assert name not in source
    assert not hasattr(repository.services, "publish_from_submission")


def test_every_published_field_is_public():
    assert all(spec.public for spec in published_fields(PRACTICE))
    names = {spec.name for spec in published_fields(PRACTICE)}
    assert {"title", "summary", "objectives", "implementer", "links", "licence"} <= names
