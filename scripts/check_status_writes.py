"""Lint: every status change goes through the workflow engine (core/workflow.py).

Scans the project's Python files (or the files and folders given on the command line) and reports
each place that writes a ``status`` field another way:

- an assignment to an attribute named ``status`` (``item.status = ...``, also ``+=`` and
  annotated assignments, and inside tuple targets);
- ``.update(status=...)`` on a queryset (a bulk write no audit event sees);
- ``setattr(obj, "status", ...)``.

Creating a row with its initial status (``Model(status=...)``, ``objects.create(status=...)``)
is allowed: nothing moves. Migrations, tests and the engine itself are not scanned.

    python scripts/check_status_writes.py [PATH ...]

Exits with 1 and one line per write found (``path:line: what``), 0 when there is none.
"""

import ast
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELD = "status"
SKIPPED_PARTS = {"migrations", "tests", ".venv", "venv", "node_modules", "var", "__pycache__"}
SKIPPED_FILES = {
    ROOT / "core" / "workflow.py",  # the engine: the one place that writes
    ROOT / "core" / "worker.py",  # django-tasks-db's task results: not a workflow of ours
    ROOT / "core" / "mail.py",  # the outbox's delivery state: a compare-and-set, not a workflow
}
ADVICE = "change a status with core.workflow.transition (or transition_many)"


def _targets(node: ast.AST) -> Iterator[ast.AST]:
    """The simple targets of an assignment target (tuples and starred targets unpacked)."""
    if isinstance(node, ast.Tuple | ast.List):
        for element in node.elts:
            yield from _targets(element)
    elif isinstance(node, ast.Starred):
        yield from _targets(node.value)
    else:
        yield node


def _assigned(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Assign):
        return [t for target in node.targets for t in _targets(target)]
    if isinstance(node, ast.AugAssign | ast.AnnAssign):
        return [node.target]
    if isinstance(node, ast.For | ast.AsyncFor | ast.withitem | ast.NamedExpr):
        target = node.optional_vars if isinstance(node, ast.withitem) else node.target
        return list(_targets(target)) if target is not None else []
    return []


def _is_status_update(node: ast.Call) -> bool:
    return (
        isinstance(node.func, ast.Attribute)
        and node.func.attr == "update"
        and any(keyword.arg == FIELD for keyword in node.keywords)
    )


def _is_status_setattr(node: ast.Call) -> bool:
    return (
        isinstance(node.func, ast.Name)
        and node.func.id == "setattr"
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and node.args[1].value == FIELD
    )


def writes_in(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, what) for each status write in ``source``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        for target in _assigned(node):
            if isinstance(target, ast.Attribute) and target.attr == FIELD:
                found.append((target.lineno, f"assignment to {ast.unparse(target)}"))
        if isinstance(node, ast.Call) and _is_status_update(node):
            found.append((node.lineno, f".update({FIELD}=...)"))
        if isinstance(node, ast.Call) and _is_status_setattr(node):
            found.append((node.lineno, f'setattr(..., "{FIELD}", ...)'))
    return sorted(found)


def python_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_file():
            yield path
            continue
        for file in sorted(path.rglob("*.py")):
            relative = file.relative_to(path)
            if SKIPPED_PARTS & set(relative.parts[:-1]) or file.resolve() in SKIPPED_FILES:
                continue
            yield file


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [ROOT]
    problems = []
    for file in python_files(paths):
        for line, what in writes_in(file.read_text(encoding="utf-8"), str(file)):
            problems.append(f"{file}:{line}: {what}: {ADVICE}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
