import io
import json

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from repository.models import Practice

pytestmark = pytest.mark.django_db


def line(**overrides):
    data = {
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
    data.update(overrides)
    return json.dumps(data, ensure_ascii=False)


def write(tmp_path, *lines):
    path = tmp_path / "practices.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_creates_published_practices_with_objectives_in_order(tmp_path):
    path = write(
        tmp_path,
        line(),
        line(
            title="Une autre pratique",
            language="fr",
            scope="global",
            countries=[],
            secondary_objectives=[23],
            principles=["human-rights"],
            sdgs=[3],
            regions=[2],
        ),
    )
    call_command("import_practices", str(path), stdout=io.StringIO())
    practice = Practice.objects.get(slug="mobile-clinics-along-the-corridor")
    assert practice.status == "published"
    assert [o.number for o in practice.primary_objectives] == [15, 7]
    other = Practice.objects.get(slug="une-autre-pratique")
    assert other.language.code == "fr"
    assert [o.number for o in other.secondary_objectives] == [23]
    assert AuditEvent.objects.filter(verb="imported").count() == 2


def test_errors_are_reported_by_line_and_field_and_nothing_is_imported(tmp_path, capsys):
    path = write(
        tmp_path,
        line(title="Valid one"),
        line(title="Bad objective", objectives=[24]),
        "{not json",
        line(title="Bad end", start_year=2020, end_year=2010, type="festival"),
    )
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_practices", str(path))
    err = capsys.readouterr().err
    assert "line 2: objectives:" in err
    assert "line 3: invalid JSON" in err
    assert "line 4: type:" in err
    assert "line 4: end_year:" in err
    assert Practice.objects.count() == 0


def test_links_must_be_web_addresses(tmp_path, capsys):
    path = write(tmp_path, line(url="javascript:alert(1)"), line(title="Other", links=["ftp://x"]))
    with pytest.raises(CommandError):
        call_command("import_practices", str(path))
    err = capsys.readouterr().err
    assert "line 1: url:" in err
    assert "line 2: links:" in err


def test_missing_required_fields_are_named(tmp_path, capsys):
    data = json.loads(line())
    del data["implementer"], data["end_year"]
    path = write(tmp_path, json.dumps(data))
    with pytest.raises(CommandError):
        call_command("import_practices", str(path))
    err = capsys.readouterr().err
    assert "line 1: implementer: this field is required" in err
    assert "line 1: end_year: this field is required" in err


def test_skip_invalid_imports_the_valid_lines(tmp_path, capsys):
    path = write(tmp_path, line(title="Good"), line(title="Bad", scope="planetary"))
    call_command("import_practices", str(path), "--skip-invalid")
    assert list(Practice.objects.values_list("title", flat=True)) == ["Good"]
    assert "line 2: scope:" in capsys.readouterr().err


def test_import_is_idempotent_by_slug(tmp_path):
    path = write(tmp_path, line(), line(title="Second"))
    call_command("import_practices", str(path), stdout=io.StringIO())
    first = list(Practice.objects.order_by("slug").values_list("slug", "published_at"))
    call_command("import_practices", str(path), stdout=io.StringIO())
    assert list(Practice.objects.order_by("slug").values_list("slug", "published_at")) == first


def test_duplicate_titles_in_one_file_are_an_error(tmp_path, capsys):
    path = write(tmp_path, line(), line())
    with pytest.raises(CommandError):
        call_command("import_practices", str(path))
    assert "line 2: title: same slug as line 1" in capsys.readouterr().err


def test_export_then_import_round_trips(tmp_path):
    path = write(
        tmp_path,
        line(
            secondary_objectives=[1, 23],
            principles=["child-sensitive"],
            sdgs=[3, 10],
            regions=[419],
            partners="Red Cross\nUNICEF",
            url="https://example.org/clinics",
            published_at="2024-07-30T09:00:00+00:00",
        ),
        line(
            title="Política de datos", language="es", end_year=2023, scope="regional", countries=[]
        ),
    )
    call_command("import_practices", str(path), stdout=io.StringIO())
    exported = tmp_path / "export.jsonl"
    call_command("export_repository", "--output", str(exported), stdout=io.StringIO())
    first = exported.read_text(encoding="utf-8")
    assert len(first.splitlines()) == 2
    Practice.objects.all().delete()
    call_command("import_practices", str(exported), stdout=io.StringIO())
    again = tmp_path / "again.jsonl"
    call_command("export_repository", "--output", str(again), stdout=io.StringIO())
    assert again.read_text(encoding="utf-8") == first
    record = json.loads(first.splitlines()[0])
    assert record["objectives"] == [15, 7]
    assert record["countries"] == ["MX"]
