"""A fresh database is a working Hub right after ``migrate`` (issue 10.2)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from repository.models import Practice
from taxonomy import models

SAMPLE = {
    "title": "Mobile clinics along the corridor",
    "summary": "Health care for people on the move.",
    "language": "en",
    "objectives": [15, 7],
    "type": "project",
    "scope": "national",
    "countries": ["MX"],
    "start_year": 2019,
    "end_year": None,
    "implementer": "Ministry of Health",
}
VOCABULARIES = [
    models.Country,
    models.Region,
    models.Objective,
    models.Principle,
    models.SDG,
    models.Language,
    models.ScopeLevel,
    models.PracticeType,
    models.OrganisationType,
    models.ResourceType,
    models.Theme,
]


def _empty_vocabularies() -> None:
    """Every table emptied, as in a database whose schema was built without the data migration."""
    call_command("flush", interactive=False, verbosity=0)
    assert not models.Objective.objects.exists()


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "practices.jsonl"
    path.write_text(json.dumps(SAMPLE) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db(transaction=True)
def test_commands_on_an_empty_database_say_what_to_run(sample):
    _empty_vocabularies()
    with pytest.raises(CommandError, match=r"manage\.py migrate"):
        call_command("import_practices", str(sample), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="load_vocabulary"):
        call_command("seed_synthetic", "--practices", "3", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_migrate_alone_makes_imports_and_seeding_work(sample):
    _empty_vocabularies()
    out = io.StringIO()
    call_command("migrate", "taxonomy", "0001", verbosity=0, stdout=out)
    call_command("migrate", "taxonomy", verbosity=0, stdout=out)

    call_command("import_practices", str(sample), stdout=out, stderr=io.StringIO())
    practice = Practice.objects.get(slug="mobile-clinics-along-the-corridor")
    assert practice.language.code == "en"
    assert practice.practice_type.slug == "project"
    call_command("seed_synthetic", "--practices", "5", stdout=out, stderr=io.StringIO())
    assert Practice.objects.count() == 6


@pytest.mark.django_db(transaction=True)
def test_migration_does_not_duplicate_what_load_vocabulary_loaded():
    call_command("load_vocabulary", stdout=io.StringIO())
    before = {model: model.objects.count() for model in VOCABULARIES}
    call_command("migrate", "taxonomy", "0001", verbosity=0, stdout=io.StringIO())
    call_command("migrate", "taxonomy", verbosity=0, stdout=io.StringIO())
    assert {model: model.objects.count() for model in VOCABULARIES} == before
