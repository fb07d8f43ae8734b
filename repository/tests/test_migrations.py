"""The link from a published item to its submission became a one-to-one relation
(repository 0002): existing links survive the migration, broken and duplicate ones are cleared."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from repository.models import Practice
from taxonomy.models import Language, PracticeType
from tests.factories import SubmissionFactory

BEFORE = [("repository", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _old_practice(apps, slug: str, submission_id: int | None):
    model = apps.get_model("repository", "Practice")
    return model.objects.create(
        title=slug,
        slug=slug,
        summary="A practice from before the migration.",
        implementer="Ministry of Tests",
        language_id=Language.objects.get(code="en").pk,
        practice_type_id=PracticeType.objects.get(slug="project").pk,
        source_submission_id=submission_id,
    )


@pytest.mark.django_db(transaction=True)
def test_links_survive_the_migration_to_a_one_to_one_relation(vocabulary):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    submission, other = SubmissionFactory(), SubmissionFactory()
    try:
        old = _migrate(BEFORE)
        _old_practice(old, "linked", submission.pk)
        _old_practice(old, "duplicate", submission.pk)
        _old_practice(old, "other", other.pk)
        _old_practice(old, "broken", other.pk + 1000)
        _old_practice(old, "imported", None)
    finally:
        _migrate(latest)
    links = dict(Practice.objects.values_list("slug", "source_submission_id"))
    assert links == {
        "linked": submission.pk,
        "duplicate": None,
        "other": other.pk,
        "broken": None,
        "imported": None,
    }
    submission.refresh_from_db()
    assert submission.published_practice.slug == "linked"
