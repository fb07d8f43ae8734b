"""``import_pledges``: validated first, errors by line and field, nothing imported on error,
idempotent, updates imported as published and dated."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pledges.choices import PledgeStatus
from pledges.models import Pledge
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Screen every arriving child for signs of trafficking",
    "title_fr": "Repérer les signes de traite chez chaque enfant qui arrive",
    "description": "Border officers are trained and a referral desk opens at each crossing.",
    "entity": "Republic of Kenya",
    "entity_type": "state",
    "objectives": [10, 7],
    "status": "in_progress",
    "countries": ["KE"],
    "pledged_on": "2022-05-20",
    "updates": [{"date": "2024-03-01", "text": "Forty officers trained.", "language": "en"}],
}


def _write(tmp_path, lines):
    path = tmp_path / "pledges.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines),
        encoding="utf-8",
    )
    return path


def _run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_pledges", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_valid_file_imports_pledges_with_links_and_dated_updates(tmp_path):
    practice = PracticeFactory(slug="border-desks")
    person = UserFactory(email="focal@example.go.ke")
    line = {**GOOD, "practices": ["border-desks"], "focal_points": ["Focal@example.go.ke"]}
    out, _err = _run(_write(tmp_path, [line]))
    assert "1 created, 0 updated" in out
    pledge = Pledge.objects.get()
    assert pledge.status == PledgeStatus.IN_PROGRESS
    assert pledge.title_fr.startswith("Repérer")
    assert sorted(o.number for o in pledge.objectives.all()) == [7, 10]
    assert list(pledge.practices.all()) == [practice]
    assert list(pledge.focal_points.all()) == [person]
    update = pledge.updates.get()
    assert update.status == "approved"
    assert update.decided_at.date().isoformat() == "2024-03-01"
    out, _err = _run(_write(tmp_path, [line]))  # the same file again changes nothing
    assert "0 created, 1 updated" in out
    assert pledge.updates.count() == 1


def test_errors_are_reported_by_line_and_field_and_nothing_is_imported(tmp_path):
    lines = [
        GOOD,
        {**GOOD, "title": "Second", "objectives": [24], "entity_type": "ngo"},
        "{not json",
        {**GOOD, "title": "Fourth", "countries": ["XX"], "updates": [{"date": "soon"}]},
        {**GOOD, "title": "Fifth", "colour": "red", "practices": ["no-such-practice"]},
        GOOD,
    ]
    with pytest.raises(CommandError, match="nothing imported"):
        _run(_write(tmp_path, lines))
    assert Pledge.objects.count() == 0
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_pledges", str(_write(tmp_path, lines)), stderr=err)
    lines_reported = err.getvalue().splitlines()
    assert "line 2: entity_type: must be one of state, un_entity" in lines_reported
    assert "line 2: objectives: must be a non-empty list of integers 1-23" in lines_reported
    assert any(line.startswith("line 3: invalid JSON") for line in lines_reported)
    assert "line 4: countries: unknown value 'XX'" in lines_reported
    assert "line 4: updates[1].date: must be a date YYYY-MM-DD" in lines_reported
    assert "line 5: colour: unknown key" in lines_reported
    assert "line 5: practices: unknown value 'no-such-practice'" in lines_reported
    assert "line 6: slug: same slug as line 1" in lines_reported
    assert not any(line.startswith("line 1:") for line in lines_reported)


def test_skip_invalid_imports_the_valid_lines(tmp_path):
    path = _write(tmp_path, [GOOD, {**GOOD, "title": "Bad", "status": "maybe"}])
    out, err = _run(path, "--skip-invalid")
    assert "1 created" in out
    assert "line 2: status: must be one of" in err
    assert Pledge.objects.count() == 1


def test_a_status_the_workflow_refuses_on_reimport_imports_nothing(tmp_path):
    _run(_write(tmp_path, [{**GOOD, "status": "fulfilled"}]))
    with pytest.raises(CommandError, match="nothing imported"):
        _run(_write(tmp_path, [{**GOOD, "status": "draft"}]))
    assert Pledge.objects.get().status == PledgeStatus.FULFILLED
