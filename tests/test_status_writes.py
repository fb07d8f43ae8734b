"""The lint that keeps every status change in the workflow engine (scripts/check_status_writes.py,
run by `make lint`)."""

import contextlib
import importlib.util
import io
from pathlib import Path

from django.apps import apps
from django.conf import settings

from core.workflow import workflow_of

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "check_status_writes.py"

SAMPLE = """
from reviews.models import ReviewAssignment


def sneaky(assignment, queryset, item):
    assignment.status = "accepted"
    queryset.filter(status="suggested").update(status="cancelled")
    setattr(item, "status", "published")
    first, item.status = 1, "unpublished"


def allowed(submission):
    ReviewAssignment.objects.create(submission=submission, status="suggested")
    draft = ReviewAssignment(status="suggested")
    submission.title = "status"
    queryset_filter = ReviewAssignment.objects.filter(status="invited")
    return draft, queryset_filter
"""


def _script():
    spec = importlib.util.spec_from_file_location("check_status_writes", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Result:
    def __init__(self, returncode: int, stdout: str) -> None:
        self.returncode, self.stdout = returncode, stdout


def _run(*paths: Path) -> Result:
    """Run the script as `make lint` does, capturing what it prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = _script().main([str(path) for path in paths])
    return Result(code, out.getvalue())


def test_each_way_of_writing_a_status_outside_the_engine_is_reported(tmp_path):
    sample = tmp_path / "app" / "services.py"
    sample.parent.mkdir()
    sample.write_text(SAMPLE, encoding="utf-8")
    result = _run(tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[1] for line in lines] == ["6", "7", "8", "9"]
    assert "assignment to assignment.status" in lines[0]
    assert ".update(status=...)" in lines[1]
    assert 'setattr(..., "status", ...)' in lines[2]
    assert "assignment to item.status" in lines[3]


def test_tests_and_migrations_are_not_scanned(tmp_path):
    for folder in ("tests", "migrations"):
        sample = tmp_path / "app" / folder / "sample.py"
        sample.parent.mkdir(parents=True)
        sample.write_text(SAMPLE, encoding="utf-8")
    assert _run(tmp_path).returncode == 0


def test_the_project_writes_no_status_outside_the_engine():
    result = _run()
    assert result.returncode == 0, result.stdout


# Models whose "status" is machinery, not a workflow a person moves: each names its reason.
NOT_WORKFLOWS = {
    # a delivery queue: claimed and marked by compare-and-set in core/mail.py, never by a person
    "core.OutgoingMail",
}


def test_every_model_with_a_status_declares_its_workflow():
    ours = [
        model
        for model in apps.get_models()
        if Path(model._meta.app_config.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(model._meta.app_config.path).parts
    ]
    with_status = [
        model
        for model in ours
        if any(field.name == "status" for field in model._meta.concrete_fields)
        and model._meta.label not in NOT_WORKFLOWS
    ]
    assert len(with_status) >= 5  # calls, submissions, assignments, roster, practices, resources
    for model in with_status:
        workflow = workflow_of(model)
        assert set(workflow.states.values) == {v for v, _label in model.status.field.choices}
